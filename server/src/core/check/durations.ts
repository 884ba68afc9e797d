// Durations (SPEC §3): `<n><unit>` with units m, h, d, w — wherever one is written
// (`within`, `half_life`, escalation `after`). Business clocks allow only m and h (SPEC §6).
import { DocContext, isScalar, isNullish, type N } from './context.js';
import type { Fix } from '../types.js';

const DURATION = /^(\d+)(m|h|d|w)$/;

export interface DurationOptions {
  /** Under `clock: business`: d and w are not allowed (LS085). */
  business?: boolean;
  /** What the duration is (e.g. 'within'). */
  what: string;
  /** A half-life: zero is an error (LS091). */
  halfLife?: boolean;
  /** The quick fix that sets `clock: calendar` (offered with LS085). */
  calendarClockFix?: Fix;
}

/** Working hours counted for a business day and week in LS085's fix (a common 8-hour day). */
const BUSINESS_DAY_HOURS = 8;

/** Checks one duration value; returns its minutes when well-formed. */
export function checkDuration(ctx: DocContext, node: N, opts: DurationOptions): number | undefined {
  if (isNullish(node)) return undefined; // absent or half-typed: the schema says what is missing
  const raw = isScalar(node) ? node.value : undefined;
  const text = typeof raw === 'string' ? raw : undefined;
  const m = text !== undefined ? DURATION.exec(text) : null;
  if (!m) return undefined; // malformed: the schema's pattern reports it (LS015)
  const n = Number(m[1]);
  const minutes = n * { m: 1, h: 60, d: 1440, w: 10080 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  if (opts.business && (m[2] === 'd' || m[2] === 'w')) {
    const hours = n * BUSINESS_DAY_HOURS * (m[2] === 'w' ? 5 : 1);
    const r = ctx.range(node);
    const fixes: Fix[] = r ? [{ title: `Change to '${hours}h' (${m[2] === 'd' ? `${BUSINESS_DAY_HOURS} working hours a day` : `5 days of ${BUSINESS_DAY_HOURS} working hours a week`})`, edits: [{ file: ctx.file, range: r, newText: `${hours}h` }] }] : [];
    if (opts.calendarClockFix) fixes.push(opts.calendarClockFix);
    ctx.report('LS085', node, `'${text}' counts ${m[2] === 'd' ? 'days' : 'weeks'}, which a business clock does not allow (only m and h); write working hours such as '8h', or set \`clock: calendar\``, { fixes });
  }
  if (opts.halfLife && n === 0) {
    ctx.report('LS091', node, `a half-life of '${text}' would erase every event; use a positive duration or \`decay: none\``);
  }
  return minutes;
}
