// SLAs (SPEC §6): calendars (IANA zones, working hours, holidays) and commitments (their
// scoring model, conditions, clock fields, durations, calendars and escalation order).
import { DocContext, isMap, isScalar, isNullish, keyName, resolve, scalarValue, show, symbolKey, type N } from './context.js';
import { checkCondition, checkCountTest, isDateString, type CondEnv } from './conditions.js';
import { checkDuration } from './durations.js';
import { LocalIds, itemKey, mapGet, mapPair, seqItems } from './ids.js';
import { scoreModelOf } from './scoring.js';
import type { Catalog } from './catalog.js';
import { addPairAfter } from './edits.js';
import type { Pair } from 'yaml';
import type { Fix } from '../types.js';
import { zoneHint } from './zones.js';

let zoneList: string[] | undefined;
function knownZones(): string[] {
  if (!zoneList) {
    try { zoneList = (Intl as any).supportedValuesOf('timeZone') as string[]; } catch { zoneList = []; }
    if (!zoneList.includes('UTC')) zoneList.push('UTC');
  }
  return zoneList;
}

const zoneOk = new Map<string, boolean>();
/** Whether the platform's Intl knows the zone (aliases such as US/Eastern included). */
export function isTimeZone(name: string): boolean {
  let ok = zoneOk.get(name);
  if (ok === undefined) {
    try { new Intl.DateTimeFormat('en-US', { timeZone: name }); ok = name.trim() !== ''; } catch { ok = false; }
    zoneOk.set(name, ok);
  }
  return ok;
}

export function checkSla(ctx: DocContext, catalog: Catalog | undefined): void {
  const top = ctx.doc.yaml.contents as N;
  const slaId = ctx.doc.id;
  const calendarsNode = mapGet(ctx, top, 'calendars');
  const calendars: string[] = [];
  if (isMap(calendarsNode)) {
    for (const p of calendarsNode.items) {
      const name = keyName(p);
      if (name === undefined) continue;
      calendars.push(name);
      if (slaId) ctx.define(symbolKey('calendar', 'sla', slaId, name), 'calendar', name, ctx.range(p.key as N));
      checkCalendar(ctx, resolve(ctx.doc, p.value));
    }
  }
  const hasCalendars = calendars.length > 0;
  const ids = new LocalIds(ctx, 'commitment', 'commitment');
  for (const c of seqItems(ctx, mapGet(ctx, top, 'commitments'))) {
    if (!isMap(c)) continue;
    ids.add(itemKey(ctx, c));
    checkCommitment(ctx, c, catalog, calendars, hasCalendars);
  }
}

// ---- calendars ---------------------------------------------------------------------------------

function meantZone(ctx: DocContext, meant: string, r: ReturnType<DocContext['range']>): { text: string; fixes: Fix[] } {
  return { text: ` — write ${meant} (the zone with its daylight saving)`,
    fixes: r ? [{ title: `Change to '${meant}'`, preferred: true, edits: [{ file: ctx.file, range: r, newText: meant }] }] : [] };
}

function checkCalendar(ctx: DocContext, cal: N): void {
  if (!isMap(cal)) return;
  const tz = mapGet(ctx, cal, 'timezone');
  const zone = scalarValue(tz);
  const hint = typeof zone === 'string' ? zoneHint(zone) : undefined;
  if (typeof zone === 'string' && !isTimeZone(zone)) {
    const r = ctx.range(tz);
    const s = hint?.meant ? meantZone(ctx, hint.meant, r) : ctx.suggestion(zone, knownZones(), r);
    ctx.report('LS080', r, `unknown time zone '${zone}'${s.text || ' — use an IANA name such as America/New_York'}`, { fixes: s.fixes });
  } else if (typeof zone === 'string' && hint) {
    // Valid, but an abbreviation or a fixed offset: the office's daylight saving would be lost.
    const r = ctx.range(tz);
    const s = hint.meant ? meantZone(ctx, hint.meant, r) : { text: '', fixes: [] };
    ctx.report('LS092', r, `time zone '${zone}' is ${hint.why}${s.text || ' — write the IANA zone of the office, e.g. America/New_York'}`, { fixes: s.fixes });
  }
  const hours = mapGet(ctx, cal, 'hours');
  if (isMap(hours)) {
    for (const p of hours.items) {
      const key = keyName(p);
      if (key === undefined) continue;
      checkHours(ctx, resolve(ctx.doc, p.value), key);
    }
    // The engine refuses such a calendar (its clock would never run), so say it here too.
    // (An empty value for a day is already a schema error.)
    if (hours.items.length === 0) {
      ctx.report('LS083', hours, 'the calendar has no working hours on any day, so a business clock would never run; give at least one day hours such as "09:00-17:00"');
    }
  }
  for (const h of seqItems(ctx, mapGet(ctx, cal, 'holidays'))) {
    const v = scalarValue(h);
    if (isNullish(h)) continue;
    if (typeof v !== 'string' || !isDateString(v.trim())) {
      ctx.report('LS084', h, `holiday ${show(v)} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-25`);
    }
  }
}

const INTERVAL = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

/** Parses "09:00-12:00, 13:00-17:00" into minute intervals; reports LS081 / LS082. */
function checkHours(ctx: DocContext, node: N, key: string): void {
  if (isNullish(node)) return;
  const text = scalarValue(node);
  if (typeof text !== 'string') {
    ctx.report('LS081', node, `hours for '${key}' must be text like "09:00-17:00" (got ${show(text)})`);
    return;
  }
  const spans: { from: number; to: number; text: string }[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const m = INTERVAL.exec(part);
    const from = m ? +m[1] * 60 + +m[2] : NaN, to = m ? +m[3] * 60 + +m[4] : NaN;
    const valid = m && +m[2] < 60 && +m[4] < 60 && +m[1] < 24 && (+m[3] < 24 || (+m[3] === 24 && +m[4] === 0)) && from < to;
    if (!valid) {
      const why = !m ? 'write HH:MM-HH:MM' : from >= to ? 'it must end after it starts' : 'hours run 00:00 to 24:00';
      ctx.report('LS081', node, `'${part}' in the hours for '${key}' is not a working interval (${why}), e.g. "09:00-12:00, 13:00-17:00"`);
      return;
    }
    spans.push({ from, to, text: part });
  }
  spans.sort((a, b) => a.from - b.from);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].from < spans[i - 1].to) {
      ctx.report('LS082', node, `working hours '${spans[i - 1].text}' and '${spans[i].text}' for '${key}' overlap; make them disjoint or merge them`);
      return;
    }
  }
}

// ---- commitments -------------------------------------------------------------------------------

function checkCommitment(ctx: DocContext, c: N, catalog: Catalog | undefined, calendars: string[], hasCalendars: boolean): void {
  const id = String(scalarValue(itemKey(ctx, c)) ?? 'commitment');
  // The scoring model that `applies_to` / `count` may test (SPEC §6 `scoring:`).
  const scoringNode = mapGet(ctx, c, 'scoring');
  const scoringId = scalarValue(scoringNode);
  let score: CondEnv['score'];
  if (typeof scoringId === 'string' && scoringId !== '') {
    const doc = ctx.lookup('scoring', scoringId);
    const r = ctx.range(scoringNode);
    if (doc) {
      ctx.reference(symbolKey('definition', 'scoring', scoringId), 'definition', scoringId, r);
      score = { model: scoreModelOf(doc) };
    } else {
      const s = ctx.suggestion(scoringId, ctx.ids('scoring'), r);
      ctx.report('LS044', r, `unknown scoring model '${scoringId}'${s.text || ' — no `kind: scoring` definition has this id'}`, { fixes: s.fixes });
      score = {};
    }
  } else {
    // Without `scoring:`, the workspace's only model is meant; with several, nothing is.
    const models = ctx.ids('scoring');
    const only = models.length === 1 ? ctx.lookup('scoring', models[0]) : undefined;
    score = only ? { model: scoreModelOf(only) } : { noModel: true };
  }
  const env: CondEnv = { catalog, score, where: 'an SLA' };
  for (const key of ['applies_to', 'count']) {
    const n = mapGet(ctx, c, key);
    if (n !== undefined) checkCondition(ctx, n, env);
  }
  const volume = scalarValue(mapGet(ctx, c, 'type')) === 'volume';
  for (const key of volume ? ['date'] : ['start', 'stop']) {
    const n = mapGet(ctx, c, key);
    if (n !== undefined) checkTimeField(ctx, n, key, catalog);
  }
  const target = mapGet(ctx, c, 'target');
  if (target !== undefined) checkCountTest(ctx, target, `the target of commitment '${id}'`);

  const clock = scalarValue(mapGet(ctx, c, 'clock'));
  const business = clock === 'business' || (clock === undefined && hasCalendars);
  const within = mapPair(ctx, c, 'within');
  if (within) checkDuration(ctx, resolve(ctx.doc, within.value), { what: 'within', business, calendarClockFix: business ? calendarClockFix(ctx, c, within) : undefined });
  let prev: { after: number; text: string } | undefined;
  for (const step of seqItems(ctx, mapGet(ctx, c, 'escalate'))) {
    const afterNode = mapGet(ctx, step, 'after');
    if (afterNode === undefined) continue;
    const minutes = checkDuration(ctx, afterNode, { what: 'after', business });
    if (minutes === undefined) continue;
    const text = String(scalarValue(afterNode));
    if (prev && minutes <= prev.after) {
      ctx.report('LS087', afterNode, `escalation after '${text}' comes after the step at '${prev.text}' in commitment '${id}'; list steps by increasing \`after\``);
    } else prev = { after: minutes, text };
  }
  const calendarNode = mapGet(ctx, c, 'calendar');
  checkCalendarRef(ctx, calendarNode, catalog, calendars);
  // The engine cannot choose a calendar here and leaves the commitment out; say so.
  if (!volume && business && (calendarNode === undefined || isNullish(calendarNode)) && calendars.length !== 1) {
    const clockNode = mapGet(ctx, c, 'clock');
    ctx.report('LS088', calendars.length === 0 && clockNode !== undefined ? clockNode : itemKey(ctx, c) ?? c, calendars.length === 0
      ? `commitment '${id}' runs on a business clock but this SLA declares no \`calendars\`; add one, or use \`clock: calendar\``
      : `this SLA declares several calendars (${calendars.join(', ')}); name the one commitment '${id}' runs on with \`calendar:\``);
  }
}

function checkTimeField(ctx: DocContext, node: N, key: string, catalog: Catalog | undefined): void {
  const name = scalarValue(node);
  if (typeof name !== 'string' || name === '' || !catalog) return;
  const r = ctx.range(node);
  const f = catalog.fields.get(name);
  if (!f) {
    const times = [...catalog.fields.values()].filter((x) => x.type === 'datetime' || x.type === 'date').map((x) => x.name);
    const s = ctx.suggestion(name, times.length ? times : catalog.fields.keys(), r);
    ctx.report('LS050', r, `unknown field '${name}'${s.text || ` — catalog '${catalog.id}' does not declare it`}`, { fixes: s.fixes });
    return;
  }
  ctx.reference(symbolKey('field', 'fields', catalog.id, name), 'field', name, r);
  if (f.type && f.type !== 'datetime' && f.type !== 'date') {
    ctx.report('LS086', r, `'${key}' must name a datetime or date field, but '${name}' is ${f.type === 'integer' || f.type === 'enum' ? 'an' : 'a'} ${f.type}`);
  }
}

function checkCalendarRef(ctx: DocContext, node: N, catalog: Catalog | undefined, calendars: string[]): void {
  if (node === undefined || isNullish(node)) return;
  const name = (n: N) => {
    const v = scalarValue(n);
    if (typeof v !== 'string' || v === '') return;
    const r = ctx.range(n);
    if (calendars.includes(v)) {
      if (ctx.doc.id) ctx.reference(symbolKey('calendar', 'sla', ctx.doc.id, v), 'calendar', v, r);
      return;
    }
    const s = ctx.suggestion(v, calendars, r);
    ctx.report('LS046', r, `unknown calendar '${v}'${s.text || (calendars.length ? ` — this SLA declares ${calendars.join(', ')}` : ' — this SLA declares no `calendars`')}`, { fixes: s.fixes });
  };
  if (isScalar(node)) { name(node); return; }
  if (!isMap(node)) return;
  const by = mapGet(ctx, node, 'by');
  const byName = scalarValue(by);
  let byValues: string[] | undefined;
  if (typeof byName === 'string' && byName !== '' && catalog) {
    const r = ctx.range(by);
    const f = catalog.fields.get(byName);
    if (!f) {
      const s = ctx.suggestion(byName, catalog.fields.keys(), r);
      ctx.report('LS050', r, `unknown field '${byName}'${s.text || ` — catalog '${catalog.id}' does not declare it`}`, { fixes: s.fixes });
    } else {
      ctx.reference(symbolKey('field', 'fields', catalog.id, byName), 'field', byName, r);
      if (f.type === 'enum') byValues = f.values;
    }
  }
  const map = mapGet(ctx, node, 'map');
  if (isMap(map)) {
    for (const p of map.items) {
      const k = keyName(p);
      if (k !== undefined && byValues && !byValues.some((x) => x.trim().toLowerCase() === k.trim().toLowerCase())) {
        const r = ctx.range(p.key as N);
        const s = ctx.suggestion(k, byValues, r);
        ctx.report('LS053', r, `'${k}' is not a value of field '${byName}'${s.text || ` — its values are ${byValues.join(', ')}`}`, { fixes: s.fixes });
      }
      name(resolve(ctx.doc, p.value));
    }
  }
  const dflt = mapGet(ctx, node, 'default');
  if (dflt !== undefined) name(dflt);
}

/** `clock: calendar` for a commitment: the existing `clock:` changed, or one added after `within:`. */
function calendarClockFix(ctx: DocContext, c: N, within: Pair): Fix | undefined {
  const clock = mapPair(ctx, c, 'clock');
  const r = clock ? ctx.range(clock.value as N) : undefined;
  const edit = clock ? (r ? { file: ctx.file, range: r, newText: 'calendar' } : undefined) : addPairAfter(ctx, resolve(ctx.doc, c), within, 'clock: calendar');
  return edit ? { title: 'Use `clock: calendar` (count every hour of the day)', edits: [edit] } : undefined;
}
