// Semantic diagnostic codes (LS040–LS099): what a definition means, beyond its shape.
// Stable: never renumber or reuse a code. docs/diagnostics.md's table is generated from this list.
// Shape problems that the JSON schema already reports with a did-you-mean are not repeated
// here: unknown operators, unknown weekday keys and weights keys (LS010), a rule without
// points (LS011), malformed durations, hours and dates (LS015).
import { registerCodes, type CodeInfo } from '../codes.js';

export const SEMANTIC_CODES: CodeInfo[] = [
  // ids
  { code: 'LS040', name: 'duplicate-id', severity: 'error', summary: 'Two definitions of the same kind share an id; references to it are ambiguous.', fix: 'Rename one of them (ids are unique per kind across the workspace).' },
  { code: 'LS041', name: 'duplicate-local-id', severity: 'error', summary: 'A rule, group, tier, persona, grade, band or commitment id is used twice inside one definition.', fix: 'Give each item its own id.' },
  // references
  { code: 'LS042', name: 'unknown-icp', severity: 'error', summary: '`icp:` names an ICP that no definition declares.', fix: 'Use the id of an existing `kind: icp` definition (see the suggestion).' },
  { code: 'LS043', name: 'unknown-tier', severity: 'error', summary: '`tier:` must be `<icp-id>/<tier-id>` naming an existing ICP and one of its tiers.', fix: 'Write `tier: <icp-id>/<tier-id>` with ids that exist.' },
  { code: 'LS044', name: 'unknown-scoring', severity: 'error', summary: '`scoring:` names a scoring model that no definition declares.', fix: 'Use the id of an existing `kind: scoring` definition.' },
  { code: 'LS045', name: 'unknown-catalog', severity: 'error', summary: '`fields:` names a field catalog that no definition declares.', fix: 'Use the id of an existing `kind: fields` definition, or remove `fields:` to use the only one.' },
  { code: 'LS046', name: 'unknown-calendar', severity: 'error', summary: 'A commitment names a calendar that the SLA does not declare under `calendars:`.', fix: 'Use one of the calendar names declared in this SLA.' },
  { code: 'LS047', name: 'unknown-event', severity: 'error', summary: 'An event rule or condition names an event the catalog does not declare.', fix: 'Use an event declared under `events:` in the catalog, or declare it there.' },
  { code: 'LS048', name: 'unknown-event-property', severity: 'error', summary: '`where` tests a property the event does not declare.', fix: 'Use a property declared under the event\'s `properties:`, or declare it there.' },
  { code: 'LS049', name: 'ambiguous-catalog', severity: 'warning', summary: 'The workspace has several `kind: fields` catalogs and this definition does not say which one it uses, so its fields are not checked.', fix: 'Add `fields: <catalog-id>` to the definition.' },
  // fields and conditions
  { code: 'LS050', name: 'unknown-field', severity: 'error', summary: 'A condition (or an SLA `start`/`stop`/`date`/`by`) names a field the catalog does not declare.', fix: 'Use a field declared in the catalog (see the suggestion), or declare it there.' },
  { code: 'LS051', name: 'operator-not-allowed', severity: 'error', summary: 'The operator does not apply to the type of the field or score it tests (SPEC §3 table).', fix: 'Use one of the operators listed in the message.' },
  { code: 'LS052', name: 'wrong-value-type', severity: 'error', summary: 'The value tested does not fit the field\'s type or the operator (a word for an integer, a date that is no date, a scalar where a list is needed).', fix: 'Write a value of the type the message names.' },
  { code: 'LS053', name: 'unknown-enum-value', severity: 'error', summary: 'The value is not one of the values the catalog declares for this enum field (compared case-insensitively).', fix: 'Use a declared value (see the suggestion), or add it to the field\'s `values`.' },
  { code: 'LS054', name: 'between-order', severity: 'error', summary: '`between: [lo, hi]` has lo greater than hi, so it never holds.', fix: 'Swap the two bounds.' },
  { code: 'LS055', name: 'reserved-field-name', severity: 'error', summary: 'A catalog field is named with a reserved condition word (all, any, not, icp, tier, event, fit, engagement, total, grade, fit_grade, engagement_grade, mql, disqualified).', fix: 'Rename the field.' },
  { code: 'LS057', name: 'score-outside-scoring', severity: 'error', summary: 'Score outputs (fit, engagement, total, grade, fit_grade, engagement_grade, mql, disqualified) can only be tested in scoring and SLA definitions.', fix: 'Move the test into a scoring model or an SLA commitment, or test lead fields instead.' },
  { code: 'LS058', name: 'score-without-model', severity: 'error', summary: 'An SLA condition tests score outputs but the commitment does not say which scoring model (and the workspace has not exactly one).', fix: 'Add `scoring: <model-id>` to the commitment.' },
  // ICPs
  { code: 'LS060', name: 'catch-all-tier-not-last', severity: 'error', summary: 'A tier without `when` catches every matching lead, so it must be the last tier.', fix: 'Move the catch-all tier to the end, or give it a `when`.' },
  { code: 'LS061', name: 'unreachable-tier', severity: 'warning', summary: 'A tier can never be the lead\'s tier: an earlier tier is a catch-all or has the same condition.', fix: 'Change the tier\'s `when`, reorder the tiers, or remove the tier.' },
  // scoring
  { code: 'LS065', name: 'grades-order', severity: 'error', summary: 'Grades (or matrix bands) must be listed from the highest `min` to the lowest; a grade whose min is not below the previous one is never reached.', fix: 'Sort the grades by descending `min`.' },
  { code: 'LS066', name: 'last-grade-min', severity: 'error', summary: 'The last grade (or band) has a `min`, so a score below it gets no grade: there is no catch-all.', fix: 'Remove `min` from the last grade, or add a last grade without `min`.' },
  { code: 'LS067', name: 'catch-all-grade-not-last', severity: 'error', summary: 'A grade (or band) without `min` catches every score, so the grades after it are never reached.', fix: 'Give the grade a `min`, or move it to the end.' },
  { code: 'LS068', name: 'undeclared-grade', severity: 'error', summary: '`mql`, `disqualify` or an SLA condition tests a grade or band the scoring model does not declare.', fix: 'Use a grade the model declares (see the suggestion).' },
  { code: 'LS071', name: 'rule-never-contributes', severity: 'warning', summary: 'A rule or group can never change the score (zero points, or a clamp such as `max: 0` that cuts all of its points).', fix: 'Fix the points or the clamp, or remove the rule.' },
  { code: 'LS072', name: 'min-above-max', severity: 'error', summary: 'A clamp has `min` greater than `max`.', fix: 'Make `min` less than or equal to `max`.' },
  // SLAs
  { code: 'LS080', name: 'unknown-timezone', severity: 'error', summary: 'The calendar\'s `timezone` is not an IANA time zone known to the platform.', fix: 'Use an IANA name such as America/New_York or Europe/Berlin (see the suggestion).' },
  { code: 'LS081', name: 'malformed-hours', severity: 'error', summary: 'Working hours must be `HH:MM-HH:MM` intervals separated by commas, each ending after it starts (24:00 allowed as an end).', fix: 'Write hours like "09:00-12:00, 13:00-17:00".' },
  { code: 'LS082', name: 'overlapping-hours', severity: 'error', summary: 'Two working-hour intervals of the same day overlap.', fix: 'Make the intervals disjoint (or merge them).' },
  { code: 'LS083', name: 'empty-calendar', severity: 'error', summary: 'A calendar has no working hours on any day, so a business clock would never run.', fix: 'Give at least one day working hours, e.g. `weekdays: "09:00-17:00"`.' },
  { code: 'LS084', name: 'bad-holiday', severity: 'error', summary: 'A holiday is not a calendar date written YYYY-MM-DD.', fix: 'Write the holiday as YYYY-MM-DD, e.g. 2026-12-25.' },
  { code: 'LS085', name: 'business-clock-days', severity: 'error', summary: 'Under `clock: business` only minutes and hours are allowed: a business "day" is ambiguous.', fix: 'Write the duration in hours (e.g. 8h), or use `clock: calendar`.' },
  { code: 'LS086', name: 'not-a-time-field', severity: 'error', summary: 'An SLA `start`, `stop` or `date` names a field that is not of type datetime or date.', fix: 'Name a field of type datetime (or date).' },
  { code: 'LS087', name: 'escalation-order', severity: 'warning', summary: 'Escalation steps are easier to read listed with strictly increasing `after` (each step fires on its own, whatever the order).', fix: 'Sort the steps by `after`, and remove steps with the same `after`.' },
  { code: 'LS088', name: 'no-business-calendar', severity: 'error', summary: 'A commitment on a business clock has no calendar to run on: the SLA declares none, or several and the commitment names none.', fix: 'Name a calendar with `calendar:`, declare one under `calendars:`, or use `clock: calendar`.' },
  { code: 'LS092', name: 'abbreviated-timezone', severity: 'warning', summary: 'The calendar\'s `timezone` is an abbreviation or a fixed offset (`EST`, `PST`, `CET`, `Etc/GMT+5`): it does not follow the office\'s daylight saving, so half the year its hours are an hour off.', fix: 'Use the IANA zone the message names (e.g. America/New_York for EST); the quick fix writes it.' },
  // durations
  { code: 'LS091', name: 'zero-half-life', severity: 'error', summary: 'A decay half-life of zero would erase every event at once.', fix: 'Use a positive half-life, or `decay: none`.' },
  // rules and conditions read in the order SPEC §5 computes them
  { code: 'LS095', name: 'event-rule-with-when', severity: 'error', summary: 'A rule has both `event:` and `when:`. An event rule scores each matching event and never reads `when`, so the condition is silently ignored.', fix: 'Keep one: remove `when:` for points per event, or remove `event:` (and its `where`/`within`) and test the event inside `when: { event: …, count: … }` for points once.' },
  { code: 'LS096', name: 'self-referring-mql', severity: 'warning', summary: '`mql:` tests `mql` itself. While `mql` is being decided it is not known yet, so that test never holds.', fix: 'Remove the `mql` test from the `mql:` condition (test grade, fit, engagement or total instead).' },
  { code: 'LS097', name: 'score-read-too-early', severity: 'warning', summary: 'A condition tests a score output that is not computed yet at that point (SPEC §5 order: fit rules, engagement rules, total and grade, disqualify, mql), so the test never holds.', fix: 'Test lead fields here, or move the test to a later step (e.g. `mql:` or `disqualify:`).' },
  // the checker itself
  { code: 'LS099', name: 'check-failed', severity: 'error', summary: 'A semantic check failed on this document (a bug in LeadSpec); other diagnostics may be missing.', fix: 'Report the document that causes it; the other checks still ran.' },
];

registerCodes(SEMANTIC_CODES);
