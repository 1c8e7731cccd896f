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
          message: `联系时间 ${header.value} 超出允许的 ${formatMinutes(earliest)}–${formatMinutes(latest)}:请只在这个时段内联系客户。Contact window outside ${formatMinutes(earliest)}–${formatMinutes(latest)}.`,
          range: header.range,
        });
      }
    }
  },
};
export default rule;
