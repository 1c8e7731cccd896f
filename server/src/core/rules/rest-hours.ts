import { minutes } from '../config';
import type { Rule } from '../rule';
import { formatMinutes } from '../vocabulary';

/** rest-hours: a `time` window that overlaps the lunch break 12:00–13:30 (configurable). */
const rule: Rule = {
  meta: {
    id: 'rest-hours',
    category: 'procedure',
    defaultSeverity: 'info',
    description: { zh: '联系时间与午餐午休时间重叠', en: 'Contact window overlaps the lunch break' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    messages: {
      overlap: {
        zh: '联系时间 {{window}} 与午休时间 {{start}}–{{end}} 重叠：中午午餐、午休时间不宜催收。',
        en: 'Contact window {{window}} overlaps the lunch break {{start}}–{{end}}: do not collect during lunch and the midday rest.',
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        start: { type: 'string', pattern: '^([01]?\\d|2[0-4]):[0-5]\\d$', description: { zh: '午休开始时间，格式 HH:MM，默认 12:00', en: 'Start of the rest period, HH:MM (default 12:00)' } },
        end: { type: 'string', pattern: '^([01]?\\d|2[0-4]):[0-5]\\d$', description: { zh: '午休结束时间，格式 HH:MM，默认 13:30', en: 'End of the rest period, HH:MM (default 13:30)' } },
      },
    },
  },
  check(ctx) {
    const start = minutes(ctx.options.start, 12 * 60);
    const end = minutes(ctx.options.end, 13 * 60 + 30);
    // A window inherited from the file header is reported once, on that header line.
    const reported = new Set<number>();
    for (const node of ctx.nodes) {
      const t = node.time;
      const header = node.node.props.time?.header;
      if (!t || !header || reported.has(header.range.start.line)) continue;
      const overlaps = t.end < t.start ? t.start < end || t.end > start : t.start < end && t.end > start;
      if (overlaps) {
        reported.add(header.range.start.line);
        ctx.report({
          messageId: 'overlap',
          data: { window: header.value, start: formatMinutes(start), end: formatMinutes(end) },
          range: header.range,
        });
      }
    }
  },
};
export default rule;
