import { minutes } from '../config';
import type { Rule } from '../rule';
import { formatMinutes } from '../vocabulary';

/** calling-hours: a `time` window that reaches before 08:00 or after 21:00 (configurable). */
const rule: Rule = {
  meta: {
    id: 'calling-hours',
    category: 'procedure',
    defaultSeverity: 'error',
    description: { zh: '联系时间超出 08:00–21:00', en: 'Contact window outside 08:00–21:00' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    messages: {
      outside: {
        zh: '联系时间 {{window}} 超出允许的 {{earliest}}–{{latest}}：请只在这个时段内联系客户。',
        en: 'Contact window {{window}} is outside the allowed {{earliest}}–{{latest}}: contact customers only within these hours.',
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        earliest: { type: 'string', pattern: '^([01]?\\d|2[0-4]):[0-5]\\d$', description: { zh: '最早联系时间，格式 HH:MM，默认 08:00', en: 'Earliest contact time, HH:MM (default 08:00)' } },
        latest: { type: 'string', pattern: '^([01]?\\d|2[0-4]):[0-5]\\d$', description: { zh: '最晚联系时间，格式 HH:MM，默认 21:00', en: 'Latest contact time, HH:MM (default 21:00)' } },
      },
    },
  },
  check(ctx) {
    const earliest = minutes(ctx.options.earliest, 8 * 60);
    const latest = minutes(ctx.options.latest, 21 * 60);
    // A window inherited from the file header is reported once, on that header line.
    const reported = new Set<number>();
    for (const node of ctx.nodes) {
      const t = node.time;
      const header = node.node.props.time?.header;
      if (!t || !header || reported.has(header.range.start.line)) continue;
      const overnight = t.end < t.start;
      if (t.start < earliest || t.end > latest || overnight) {
        reported.add(header.range.start.line);
        ctx.report({
          messageId: 'outside',
          data: { window: header.value, earliest: formatMinutes(earliest), latest: formatMinutes(latest) },
          range: header.range,
        });
      }
    }
  },
};
export default rule;
