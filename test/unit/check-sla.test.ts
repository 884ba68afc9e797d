// LS080–LS087: calendars and commitments (SPEC §6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspace, expectDiagnostics, fixTexts } from './check-support.js';

const sla = (body: string) => `leadspec: v1\nkind: sla\nid: h\n${body}`;

test('LS080: unknown IANA time zone, with did-you-mean; aliases the platform knows are accepted', () => {
  const ws = workspace({ 'a.yaml': sla('calendars:\n  us: { timezone: America/New_Yrok, hours: { weekdays: "09:00-17:00" } }\n  eu: { timezone: Europe/Berlin, hours: { weekdays: "09:00-17:00" } }\n  utc: { timezone: UTC, hours: { everyday: "00:00-24:00" } }\n') });
  const [d] = expectDiagnostics(ws, ["a.yaml:5:19-5:35 LS080 unknown time zone 'America/New_Yrok' — did you mean 'America/New_York'?"]);
  assert.deepEqual(fixTexts(d), ['America/New_York']);
});

test('LS092: an abbreviation or fixed offset is valid but warned, with the IANA zone meant as its fix', () => {
  const ws = workspace({ 'a.yaml': sla('calendars:\n  us: { timezone: EST, hours: { weekdays: "09:00-17:00" } }\n') });
  const [d] = expectDiagnostics(ws, ["a.yaml:5:19-5:22 LS092 time zone 'EST' is a fixed offset with no daylight saving (UTC−5 all year) — write America/New_York (the zone with its daylight saving)"]);
  assert.deepEqual(fixTexts(d), ['America/New_York']);
});

test('LS081: an interval that ends before it starts or leaves the day; LS082: overlapping intervals', () => {
  const ws = workspace({ 'a.yaml': sla('calendars:\n  us:\n    timezone: UTC\n    hours: { mon: "17:00-09:00", tue: "09:00-12:00, 11:00-17:00", wed: "09:00-24:00", thu: "09:00-24:30" }\n') });
  expectDiagnostics(ws, [
    "a.yaml:7:19-7:32 LS081 '17:00-09:00' in the hours for 'mon' is not a working interval (it must end after it starts), e.g. \"09:00-12:00, 13:00-17:00\"",
    "a.yaml:7:39-7:65 LS082 working hours '09:00-12:00' and '11:00-17:00' for 'tue' overlap; make them disjoint or merge them",
    "a.yaml:7:92-7:105 LS081 '09:00-24:30' in the hours for 'thu' is not a working interval (hours run 00:00 to 24:00), e.g. \"09:00-12:00, 13:00-17:00\"",
  ]);
});

test('LS083: a calendar without working hours on any day (the engine could never run its clock)', () => {
  const ws = workspace({ 'a.yaml': sla('calendars:\n  us: { timezone: UTC, hours: {} }\n') });
  expectDiagnostics(ws, ['a.yaml:5:31-5:33 LS083 the calendar has no working hours on any day, so a business clock would never run; give at least one day hours such as "09:00-17:00"']);
});

test('LS088: a business clock without a calendar to run on (none declared, or several and none named)', () => {
  const none = workspace({ 'a.yaml': sla('commitments:\n  - { id: c, start: mql_at, stop: first_touch_at, within: 4h, clock: business }\n') });
  expectDiagnostics(none, ["a.yaml:5:70-5:78 LS088 commitment 'c' runs on a business clock but this SLA declares no `calendars`; add one, or use `clock: calendar`"]);
  const several = workspace({ 'a.yaml': sla('calendars:\n  us: { timezone: UTC, hours: { weekdays: "09:00-17:00" } }\n  eu: { timezone: UTC, hours: { weekdays: "09:00-17:00" } }\ncommitments:\n  - { id: c, start: mql_at, stop: first_touch_at, within: 4h }\n') });
  expectDiagnostics(several, ["a.yaml:8:11-8:12 LS088 this SLA declares several calendars (us, eu); name the one commitment 'c' runs on with `calendar:`"]);
});

test('LS084: a holiday that is not a calendar date', () => {
  const ws = workspace({ 'a.yaml': sla('calendars:\n  us: { timezone: UTC, hours: { weekdays: "09:00-17:00" }, holidays: [2026-12-25, 2026-02-30] }\n') });
  expectDiagnostics(ws, ["a.yaml:5:83-5:93 LS084 holiday '2026-02-30' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-25"]);
});

test('LS085: day and week durations under a business clock (the default when calendars exist)', () => {
  const ws = workspace({ 'a.yaml': sla(`calendars:
  us: { timezone: UTC, hours: { weekdays: "09:00-17:00" } }
commitments:
  - { id: a, start: mql_at, stop: first_touch_at, within: 1d, escalate: [ { after: 1w, notify: x } ] }
  - { id: b, start: mql_at, stop: first_touch_at, within: 2d, clock: calendar }
  - { id: c, start: mql_at, stop: first_touch_at, within: 16h, clock: business }
`) });
  expectDiagnostics(ws, [
    "a.yaml:7:59-7:61 LS085 '1d' counts days, which a business clock does not allow (only m and h); write working hours such as '8h', or set `clock: calendar`",
    "a.yaml:7:84-7:86 LS085 '1w' counts weeks, which a business clock does not allow (only m and h); write working hours such as '8h', or set `clock: calendar`",
  ]);
});

test('LS086: start, stop and date must name datetime or date fields; unknown ones are LS050', () => {
  const ws = workspace({ 'a.yaml': sla(`commitments:
  - { id: a, start: mql_at, stop: email, within: 4h }
  - { id: v, type: volume, per: month, date: country, target: { gte: 10 } }
  - { id: w, type: volume, per: week, date: founded, target: { gte: 10 } }
  - { id: b, start: mql_att, stop: first_touch_at, within: 4h }
`) });
  expectDiagnostics(ws, [
    "a.yaml:5:35-5:40 LS086 'stop' must name a datetime or date field, but 'email' is a string",
    "a.yaml:6:46-6:53 LS086 'date' must name a datetime or date field, but 'country' is a string",
    "a.yaml:8:21-8:28 LS050 unknown field 'mql_att' — did you mean 'mql_at'?",
  ]);
});

test('LS087: escalation steps out of order', () => {
  const ws = workspace({ 'a.yaml': sla(`commitments:
  - id: a
    start: mql_at
    stop: first_touch_at
    within: 4h
    escalate:
      - { after: 2h, notify: manager }
      - { after: 90m, notify: director }
      - { after: 2h, reassign: round-robin }
`) });
  expectDiagnostics(ws, [
    "a.yaml:11:18-11:21 LS087 escalation after '90m' comes after the step at '2h' in commitment 'a'; list steps by increasing `after`",
    "a.yaml:12:18-12:20 LS087 escalation after '2h' comes after the step at '2h' in commitment 'a'; list steps by increasing `after`",
  ]);
});

test('calendar by field: the field must exist and the map keys must be its enum values', () => {
  const ws = workspace({ 'a.yaml': sla(`calendars:
  us: { timezone: UTC, hours: { weekdays: "09:00-17:00" } }
commitments:
  - { id: a, start: mql_at, stop: first_touch_at, within: 4h, calendar: { by: region, map: { emia: us }, default: us } }
  - { id: b, start: mql_at, stop: first_touch_at, within: 4h, calendar: { by: regoin, default: us } }
`) });
  expectDiagnostics(ws, [
    "a.yaml:7:94-7:98 LS053 'emia' is not a value of field 'region' — did you mean 'emea'?",
    "a.yaml:8:79-8:85 LS050 unknown field 'regoin' — did you mean 'region'?",
  ]);
});
