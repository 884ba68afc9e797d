// Outcome diagnostic codes (LS120–LS129): the project's `outcomes` (SPEC §11) — the fields the
// backtest and the feedback summary read, and the numbers that shape them.
// Stable: never renumber or reuse a code. The README table is generated from this list.
// Malformed durations, datetimes and unknown keys are the schema's (LS010–LS039).
import { registerCodes, type CodeInfo } from '../codes.js';

export const OUTCOME_CODES: CodeInfo[] = [
  { code: 'LS120', name: 'outcomes-unknown-field', severity: 'error', summary: '`outcomes` names a field the catalog does not declare.', fix: 'Use a field declared in the catalog (see the suggestion), or declare it there.' },
  { code: 'LS121', name: 'outcomes-field-type', severity: 'error', summary: 'An `outcomes` field has the wrong type: `converted` must be a datetime or boolean field, `created` a datetime, `value` a number, `feedback.field` and `feedback.reason` a string or enum.', fix: 'Name a field of the type the message says, or change the field\'s type in the catalog.' },
  { code: 'LS122', name: 'outcomes-unknown-event', severity: 'error', summary: '`converted: { event: … }` names an event the catalog does not declare.', fix: 'Use an event declared under `events:` in the catalog, or declare it there.' },
  { code: 'LS123', name: 'outcomes-time-with-flag', severity: 'error', summary: '`as_of` or `horizon` is given although `converted` is a boolean flag: without conversion times there is no score date (SPEC §11).', fix: 'Remove `as_of` and `horizon`, or name a datetime field (or an event) as `converted`.' },
  { code: 'LS124', name: 'feedback-unknown-value', severity: 'error', summary: 'A feedback value is not one of the values the catalog declares for the enum feedback field, so no lead can have it.', fix: 'Use a declared value (see the suggestion), or add it to the field\'s `values`.' },
  { code: 'LS125', name: 'feedback-value-twice', severity: 'error', summary: 'A feedback value is listed twice (in two of `accepted`, `rejected`, `recycled`, or twice in one), so a lead\'s verdict would be ambiguous.', fix: 'Keep the value in one list only.' },
  { code: 'LS126', name: 'bad-horizon', severity: 'error', summary: 'A backtest horizon of zero counts no conversion at all.', fix: 'Use a positive duration such as `90d`.' },
  { code: 'LS127', name: 'bad-capacity', severity: 'error', summary: '`capacity` must be a positive whole number of leads (`200`) or a share above 0% and at most 100% (`15%`).', fix: 'Write a count such as `200` or a share such as `15%`.' },
  { code: 'LS128', name: 'backtest-needs-time', severity: 'warning', summary: 'Conversions have times but `as_of` or `horizon` is missing, so `leadspec backtest` needs `--as-of`/`--horizon` on every run.', fix: 'Add `as_of:` (the score date) and `horizon:` (e.g. `90d`) under `outcomes`.' },
];

registerCodes(OUTCOME_CODES);
