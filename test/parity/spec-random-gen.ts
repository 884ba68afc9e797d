// Seeded random workspaces for the SPEC conformance tests (spec-random-scoring, spec-random-diff)
// and a reference reading of SPEC §3 (conditions) and §5 (scoring) written from the text alone:
// every field type and operator, missing and unparsable values, case and white space, event rules
// with windows, decay and clamps, groups of every pick mode, section clamps, weighted totals,
// grades, `disqualify` and `mql`. Nothing here imports the engine, so a misreading shared by the
// engine and its own tests shows up as a difference.
//
// One documented choice is kept out of the generator (docs/format.md, "Choices the spec leaves
// open"): a rule's or group's own `min` above 0 or `max` below 0 when nothing contributed.
import { header } from './spec-helpers.js';

// The seeded PRNG the benchmarks use (mulberry32; not engine code, so the tests stay independent of it).
export { rng as prng } from '../../bench/prng.js';

const AS_OF = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;

// ---- §5.4 rounding: half away from zero on the value written with 15 significant digits ----
function round2(x: number): number {
  if (x === 0) return 0;
  const neg = x < 0;
  const s = Math.abs(x).toPrecision(15);
  if (/e/.test(s)) return Math.abs(x) < 1 ? 0 : x;  // tiny (decayed) values round to 0
  const [ip, fp = ''] = s.split('.');
  const digits = BigInt(ip + fp.padEnd(3, '0').slice(0, 3));   // value × 1000, truncated
  let hundredths = digits / 10n;
  if (digits % 10n >= 5n) hundredths += 1n;
  const r = Number(hundredths) / 100;
  return r === 0 ? 0 : neg ? -r : r;
}

// ---- the catalog ----
type Type = 'integer' | 'number' | 'string' | 'enum' | 'list' | 'date' | 'datetime' | 'boolean';
const FIELDS: Record<string, Type> = { n: 'integer', x: 'number', s: 'string', e: 'enum', l: 'list', d: 'date', dt: 'datetime', b: 'boolean' };
const ENUM = ['Aa', 'Bb', 'Cc'];
export const CATALOG = `${header('fields', 'crm')}fields:
  n: { type: integer }
  x: { type: number }
  s: { type: string }
  e: { type: enum, values: [Aa, Bb, Cc] }
  l: { type: list }
  d: { type: date }
  dt: { type: datetime }
  b: { type: boolean }
events:
  pv: { properties: { url: string, amt: number } }
  demo: {}
`;

// A lead's values as the reference reads them: parsed, or undefined when missing/unparsable.
type Value = number | string | boolean | string[] | undefined;
interface Ev { event: string; at: number; url?: string; amt?: number }
export interface RefLead { id: string; v: Record<string, Value>; events: Ev[] }

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const norm = (s: string) => s.trim().toLowerCase();

/** A raw CSV cell and what SPEC §2/§3/§7 say it means. */
function cell(r: () => number, t: Type): [string, Value] {
  if (r() < 0.15) return ['', undefined];
  switch (t) {
    case 'integer': { if (r() < 0.08) return ['many', undefined]; const k = int(r, -3, 12); return [r() < 0.2 ? ` ${k} ` : String(k), k]; }
    case 'number': { if (r() < 0.08) return ['n/a', undefined]; const k = int(r, -8, 24) / 4; return [String(k), k]; }
    case 'string': { const s = pick(r, ['foo', ' Foo ', 'FOOBAR', 'bar baz', 'x@gmail.com', 'Y@GMAIL.COM ', 'qux']); return [s, s.trim() === '' ? undefined : s]; }
    case 'enum': { if (r() < 0.08) return ['zz', undefined]; const s = pick(r, ['Aa', 'aa', ' BB', 'cc ', 'Cc']); return [s, s]; }
    case 'list': { const items = ['a', 'B', 'c', ' d '].filter(() => r() < 0.4); return [items.join(';'), items.length ? items.map((i) => i.trim()) : undefined]; }
    case 'date': { if (r() < 0.05) return ['2026-02-30', undefined]; const k = int(r, 1, 6); return [`2026-01-0${k}`, `2026-01-0${k}`]; }
    case 'datetime': { const ms = AS_OF - int(r, -2, 12) * 3_600_000; return [new Date(ms).toISOString().replace('.000Z', 'Z'), ms]; }
    case 'boolean': { const b = r() < 0.5; return [r() < 0.3 ? (b ? 'TRUE' : 'False') : String(b), b]; }
  }
}

// ---- conditions: a generated condition is kept as JSON (valid YAML flow) and evaluated here ----
type Cond = Record<string, unknown>;

function fieldTest(r: () => number, f: string): [Cond, (v: Value) => boolean] {
  const t = FIELDS[f];
  const has = (v: Value) => v !== undefined;
  const ex = r() < 0.1;
  if (ex) { const want = r() < 0.5; return [{ [f]: { exists: want } }, (v) => has(v) === want]; }
  switch (t) {
    case 'integer': case 'number': {
      const k = () => (t === 'integer' ? int(r, -2, 10) : int(r, -6, 20) / 4);
      const op = pick(r, ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'scalar'] as const);
      if (op === 'scalar') { const a = k(); return [{ [f]: a }, (v) => has(v) && v === a]; }
      if (op === 'in' || op === 'not_in') { const xs = [k(), k()]; return [{ [f]: { [op]: xs } }, (v) => has(v) && xs.includes(v as number) === (op === 'in')]; }
      if (op === 'between') { const a = k(), b = k(); const [lo, hi] = a <= b ? [a, b] : [b, a]; return [{ [f]: { between: [lo, hi] } }, (v) => has(v) && lo <= (v as number) && (v as number) <= hi]; }
      const a = k();
      const cmp: Record<string, (x: number) => boolean> = { eq: (x) => x === a, ne: (x) => x !== a, gt: (x) => x > a, gte: (x) => x >= a, lt: (x) => x < a, lte: (x) => x <= a };
      return [{ [f]: { [op]: a } }, (v) => has(v) && cmp[op](v as number)];
    }
    case 'string': {
      const op = pick(r, ['eq', 'ne', 'in', 'not_in', 'contains', 'starts_with', 'ends_with', 'scalar', 'list'] as const);
      const word = pick(r, ['foo', 'FOO', 'foobar', 'qux', 'bar baz']);
      const sub = pick(r, ['oo', 'FOO', '@gmail.com', 'baz', 'Q']);
      const s = (v: Value) => norm(v as string);
      switch (op) {
        case 'scalar': case 'eq': return [{ [f]: op === 'eq' ? { eq: word } : word }, (v) => has(v) && s(v) === norm(word)];
        case 'ne': return [{ [f]: { ne: word } }, (v) => has(v) && s(v) !== norm(word)];
        case 'in': case 'not_in': case 'list': {
          const xs = [word, pick(r, ['qux', 'x@gmail.com'])];
          const want = op !== 'not_in';
          return [{ [f]: op === 'list' ? xs : { [op]: xs } }, (v) => has(v) && xs.map(norm).includes(s(v)) === want];
        }
        case 'contains': return [{ [f]: { contains: sub } }, (v) => has(v) && s(v).includes(norm(sub))];
        case 'starts_with': return [{ [f]: { starts_with: sub } }, (v) => has(v) && s(v).startsWith(norm(sub))];
        case 'ends_with': return [{ [f]: { ends_with: sub } }, (v) => has(v) && s(v).endsWith(norm(sub))];
      }
      break;
    }
    case 'enum': {
      const op = pick(r, ['eq', 'ne', 'in', 'not_in', 'scalar', 'list'] as const);
      const a = pick(r, ENUM), b = pick(r, ENUM);
      const s = (v: Value) => norm(v as string);
      if (op === 'eq' || op === 'scalar') return [{ [f]: op === 'eq' ? { eq: a } : a }, (v) => has(v) && s(v) === norm(a)];
      if (op === 'ne') return [{ [f]: { ne: a } }, (v) => has(v) && s(v) !== norm(a)];
      const xs = [a, b], want = op !== 'not_in';
      return [{ [f]: op === 'list' ? xs : { [op]: xs } }, (v) => has(v) && xs.map(norm).includes(s(v)) === want];
    }
    case 'list': {
      const op = pick(r, ['includes', 'includes_any', 'includes_all'] as const);
      const items = (v: Value) => (v as string[]).map(norm);
      if (op === 'includes') { const a = pick(r, ['a', 'b', 'D']); return [{ [f]: { includes: a } }, (v) => has(v) && items(v).includes(norm(a))]; }
      const xs = [pick(r, ['a', 'b']), pick(r, ['c', 'd'])];
      return [{ [f]: { [op]: xs } }, (v) => has(v) && (op === 'includes_any' ? xs.some((x) => items(v).includes(norm(x))) : xs.every((x) => items(v).includes(norm(x))))];
    }
    case 'date': {
      const op = pick(r, ['eq', 'gt', 'gte', 'lt', 'lte', 'between'] as const);
      const k = () => `2026-01-0${int(r, 1, 6)}`;
      if (op === 'between') { const a = k(), b = k(); const [lo, hi] = a <= b ? [a, b] : [b, a]; return [{ [f]: { between: [lo, hi] } }, (v) => has(v) && lo <= (v as string) && (v as string) <= hi]; }
      const a = k();
      const cmp: Record<string, (x: string) => boolean> = { eq: (x) => x === a, gt: (x) => x > a, gte: (x) => x >= a, lt: (x) => x < a, lte: (x) => x <= a };
      return [{ [f]: { [op]: a } }, (v) => has(v) && cmp[op](v as string)];
    }
    case 'datetime': {
      const op = pick(r, ['gt', 'gte', 'lt', 'lte', 'between'] as const);
      // Operands in another offset than the data: the comparison is of instants.
      const k = () => { const ms = AS_OF - int(r, -2, 12) * 3_600_000; return [ms, new Date(ms + 3_600_000).toISOString().replace('.000Z', '+01:00')] as const; };
      if (op === 'between') { const a = k(), b = k(); const [lo, hi] = a[0] <= b[0] ? [a, b] : [b, a]; return [{ [f]: { between: [lo[1], hi[1]] } }, (v) => has(v) && lo[0] <= (v as number) && (v as number) <= hi[0]]; }
      const [a, text] = k();
      const cmp: Record<string, (x: number) => boolean> = { gt: (x) => x > a, gte: (x) => x >= a, lt: (x) => x < a, lte: (x) => x <= a };
      return [{ [f]: { [op]: text } }, (v) => has(v) && cmp[op](v as number)];
    }
    case 'boolean': {
      const a = r() < 0.5;
      if (r() < 0.3) return [{ [f]: { ne: a } }, (v) => has(v) && v !== a];
      return [{ [f]: a }, (v) => has(v) && v === a];
    }
  }
  throw new Error('unreachable');
}

type Eval = (l: RefLead) => boolean;
const WITHIN = [['1d', DAY], ['7d', 7 * DAY], ['2w', 14 * DAY], ['36h', 36 * 3_600_000]] as const;

/** `{ url: { contains: … } }` or `{ amt: { gte: … } }` on event properties. */
function eventWhere(r: () => number): [Cond | undefined, (e: Ev) => boolean] {
  const k = r();
  if (k < 0.4) return [undefined, () => true];
  if (k < 0.7) { const sub = pick(r, ['/pricing', 'DOCS']); return [{ url: { contains: sub } }, (e) => e.url !== undefined && norm(e.url).includes(norm(sub))]; }
  const a = int(r, 0, 6); return [{ amt: { gte: a } }, (e) => e.amt !== undefined && e.amt >= a];
}

export function condition(r: () => number, depth: number): [Cond, Eval] {
  const k = r();
  if (depth < 2 && k < 0.12) {
    const parts = [condition(r, depth + 1), condition(r, depth + 1)];
    const all = r() < 0.5;
    return [{ [all ? 'all' : 'any']: parts.map((p) => p[0]) }, (l) => (all ? parts.every((p) => p[1](l)) : parts.some((p) => p[1](l)))];
  }
  if (depth < 2 && k < 0.2) { const [c, ev] = condition(r, depth + 1); return [{ not: c }, (l) => !ev(l)]; }
  if (k < 0.28) {
    // An event condition: counts events with at <= as_of (and at > as_of - within).
    const name = pick(r, ['pv', 'demo']);
    const [where, w] = name === 'pv' ? eventWhere(r) : [undefined, () => true];
    const within = r() < 0.5 ? pick(r, WITHIN) : undefined;
    // `count` defaults to { gte: 1 }; a count is never missing, so `lt`/`eq: 0` hold without events.
    const min = int(r, 1, 3), kind = r();
    const [count, holds]: [Cond | undefined, (n: number) => boolean] = kind < 0.3 ? [undefined, (n) => n >= 1]
      : kind < 0.6 ? [{ gte: min }, (n) => n >= min] : kind < 0.75 ? [{ lt: min }, (n) => n < min]
      : kind < 0.9 ? [{ between: [1, min + 1] }, (n) => n >= 1 && n <= min + 1] : [{ eq: min - 1 }, (n) => n === min - 1];
    const c: Cond = { event: name, ...(where ? { where } : {}), ...(within ? { within: within[0] } : {}), ...(count ? { count } : {}) };
    return [c, (l) => holds(l.events.filter((e) => e.event === name && e.at <= AS_OF && (!within || e.at > AS_OF - within[1]) && w(e)).length)];
  }
  if (k < 0.4) {
    // Two field tests in one mapping: both must hold.
    const fs = Object.keys(FIELDS); const f1 = pick(r, fs); let f2 = pick(r, fs); if (f2 === f1) f2 = f1 === 'n' ? 'x' : 'n';
    const [a, ea] = fieldTest(r, f1), [b, eb] = fieldTest(r, f2);
    return [{ ...a, ...b }, (l) => ea(l.v[f1]) && eb(l.v[f2])];
  }
  const f = pick(r, Object.keys(FIELDS));
  const [c, ev] = fieldTest(r, f);
  return [c, (l) => ev(l.v[f])];
}

// ---- a scoring model and its reference evaluation ----
interface Item { key: string; group?: string; rule: string }
/** Explanation items of SPEC §5 ("each rule that contributed, with its points, and each clamp that cut points"), section added later. */
type Explained = Record<string, string | number>;
interface Contribution { points: number; listed: Item[]; items: Explained[] }
/** A clamp item when clamping `raw` to `v` cut points: `cut` = raw − v (negative for a `min`). */
const clampItem = (raw: number, v: number, who: Explained): Explained[] => (raw === v ? [] : [{ clamp: raw > v ? 'max' : 'min', cut: round2(raw - v), ...who }]);
type Part = (l: RefLead) => Contribution;

function whenRule(r: () => number): [Cond, Eval, number] {
  const [c, ev] = condition(r, 0);
  const points = pick(r, [5, 10, 12.5, -7.5, 3.3, 20, -15, 1.005, 0.125]);
  return [c, ev, points];
}

export function model(r: () => number, id: string) {
  const parts: Record<'fit' | 'engagement', Part[]> = { fit: [], engagement: [] };
  const yaml: Record<'fit' | 'engagement', Cond[]> = { fit: [], engagement: [] };
  const clamps: Record<string, { min?: number; max?: number }> = {};
  let ruleNo = 0;
  const rid = () => `r${++ruleNo}`;
  const sectionDecay = r() < 0.4 ? pick(r, [['2d', 2 * DAY], ['1w', 7 * DAY]] as const) : undefined;
  /** An event rule: its YAML, and per lead what it contributed (after its own clamp) with its explanation items, or undefined without events. */
  const eventRule = (id: string, section: 'fit' | 'engagement', group?: string): [Cond, (l: RefLead) => { points: number; items: Explained[] } | undefined] => {
    const name = pick(r, ['pv', 'demo']);
    const [where, w] = name === 'pv' ? eventWhere(r) : [undefined, () => true];
    const within = r() < 0.6 ? pick(r, WITHIN) : undefined;
    const points = pick(r, [5, 10, -20, 2.5, 7]);
    const own = r();
    const decay = own < 0.2 ? 'none' : own < 0.45 ? pick(r, [['1d', DAY], ['30d', 30 * DAY], ['12h', 12 * 3_600_000]] as const) : undefined;
    const half = decay === 'none' ? undefined : decay ? decay[1] : section === 'engagement' && sectionDecay ? sectionDecay[1] : undefined;
    const rmax = points > 0 && r() < 0.4 ? pick(r, [10, 15, 22.5]) : undefined;
    const rmin = points < 0 && r() < 0.4 ? pick(r, [-30, -45]) : undefined;
    const y: Cond = { id, event: name, ...(where ? { where } : {}), points, ...(within ? { within: within[0] } : {}),
      ...(decay === 'none' ? { decay: 'none' } : decay ? { decay: { half_life: decay[0] } } : {}),
      ...(rmax !== undefined ? { max: rmax } : {}), ...(rmin !== undefined ? { min: rmin } : {}) };
    const who: Explained = group ? { group, rule: id } : { rule: id };
    return [y, (l) => {
      const evs = l.events.filter((e) => e.event === name && e.at <= AS_OF && (!within || e.at > AS_OF - within[1]) && w(e));
      if (!evs.length) return undefined;
      const raw = evs.reduce((a, e) => a + points * (half === undefined ? 1 : 0.5 ** ((AS_OF - e.at) / half)), 0);
      let v = raw;
      if (rmax !== undefined) v = Math.min(v, rmax);
      if (rmin !== undefined) v = Math.max(v, rmin);
      // The rule lists what it contributed (after its own clamp) and the clamp beside it.
      return { points: v, items: [{ ...who, points: round2(v) }, ...clampItem(raw, v, who)] };
    }];
  };
  for (const section of ['fit', 'engagement'] as const) {
    if (r() < 0.1) continue;                            // a model without a section scores 0 for it
    const n = int(r, 1, 5);
    for (let i = 0; i < n; i++) {
      const kind = r();
      if (kind < 0.5 || (section === 'fit' && kind < 0.75)) {
        const id = rid(); const [c, ev, points] = whenRule(r);
        yaml[section].push({ id, when: c, points });
        parts[section].push((l) => (ev(l) ? { points, listed: [{ key: id, rule: id }], items: [{ rule: id, points: round2(points) }] } : { points: 0, listed: [], items: [] }));
      } else if (kind < 0.75) {
        const gid = `g${ruleNo}`;
        const mode = pick(r, ['sum', 'first', 'max'] as const);
        // Members: `when` rules, and in sum/first groups event rules too (a member "matches" when
        // it has an event in its window). Distinct `when` points, so `pick: max` has one largest.
        type Member = { id: string; y: Cond; at: (l: RefLead) => { points: number; items: Explained[] } | undefined };
        const members: Member[] = [];
        const used = new Set<number>();
        for (let j = int(r, 2, 3); j > 0; j--) {
          const id = rid();
          if (mode !== 'max' && r() < 0.3) { const [y, at] = eventRule(id, section, gid); members.push({ id, y, at }); continue; }
          const [c, ev] = condition(r, 1);
          let p = pick(r, [4, 8, 15, 25, -5, 2.5]); while (used.has(p)) p += 1; used.add(p);
          members.push({ id, y: { id, when: c, points: p }, at: (l) => (ev(l) ? { points: p, items: [{ group: gid, rule: id, points: round2(p) }] } : undefined) });
        }
        const gmax = r() < 0.5 ? pick(r, [10, 20, 30]) : undefined;
        const gmin = r() < 0.3 ? pick(r, [-3, -10]) : undefined;
        yaml[section].push({ group: gid, ...(mode !== 'sum' || r() < 0.3 ? { pick: mode } : {}), ...(gmax !== undefined ? { max: gmax } : {}), ...(gmin !== undefined ? { min: gmin } : {}),
          rules: members.map((m) => m.y) });
        parts[section].push((l) => {
          const hit = members.map((m) => ({ id: m.id, c: m.at(l) })).filter((h): h is { id: string; c: { points: number; items: Explained[] } } => h.c !== undefined);
          if (!hit.length) return { points: 0, listed: [], items: [] };
          const chosen = mode === 'sum' ? hit : mode === 'first' ? [hit[0]] : [hit.reduce((a, b) => (b.c.points > a.c.points ? b : a))];
          const raw = chosen.reduce((a, m) => a + m.c.points, 0);
          let v = raw;
          if (gmax !== undefined) v = Math.min(v, gmax);
          if (gmin !== undefined) v = Math.max(v, gmin);
          return { points: v, listed: chosen.map((m) => ({ key: `${gid}/${m.id}`, group: gid, rule: m.id })),
            items: [...chosen.flatMap((m) => m.c.items), ...clampItem(raw, v, { group: gid })] };
        });
      } else {
        const id = rid();
        const [y, ev] = eventRule(id, section);
        yaml[section].push(y);
        parts[section].push((l) => {
          const c = ev(l);
          return c ? { points: c.points, listed: [{ key: id, rule: id }], items: c.items } : { points: 0, listed: [], items: [] };
        });
      }
    }
    if (r() < 0.5) clamps[section] = { ...(r() < 0.8 ? { max: pick(r, [20, 30, 50]) } : {}), ...(r() < 0.5 ? { min: pick(r, [-10, 0]) } : {}) };
  }
  const weights = r() < 0.4 ? { fit: pick(r, [0.6, 0.5, 0.7]), engagement: pick(r, [0.4, 0.5, 0.35]) } : undefined;
  const mins = [...new Set([int(r, 10, 40), int(r, 0, 9), int(r, -10, -1)])].sort((a, b) => b - a);
  const grades = ['A', 'B', 'C', 'D'].slice(0, mins.length + 1).map((g, i) => (i < mins.length ? { id: g, min: mins[i] } : { id: g }));
  // A fit × engagement matrix instead of grades: the grade is <fit band><engagement band>.
  const matrix = r() < 0.3 ? { fit: [{ id: 'X', min: int(r, 0, 20) }, { id: 'Y' }], engagement: [{ id: '1', min: int(r, 0, 10) }, { id: '2' }] } : undefined;
  const gradeIds = matrix ? ['X1', 'X2', 'Y1', 'Y2'] : grades.map((g) => g.id);
  const band = (bands: { id: string; min?: number }[], v: number) => bands.find((b) => b.min === undefined || b.min <= v)!.id;
  const [dqCond, dqEval] = condition(r, 1);
  const hasDq = r() < 0.4;
  const mqlKind = pick(r, ['grade', 'scores', 'field'] as const);
  const mqlMin = int(r, 0, 20);
  const [mqlFieldCond, mqlFieldEval] = condition(r, 1);
  const mqlYaml: Cond = mqlKind === 'grade' && matrix ? { any: [{ grade: 'Y1' }, { fit_grade: { eq: 'X' }, engagement_grade: { in: ['1'] } }] }
    : mqlKind === 'grade' ? { grade: { in: ['A', 'B'] } }
    : mqlKind === 'scores' ? { any: [{ total: { gte: mqlMin } }, { fit: { gte: 15 }, engagement: { gt: 0 } }] }
    : { all: [mqlFieldCond, { fit: { gte: 0 } }] };

  const section = (s: 'fit' | 'engagement', yamlRules: Cond[]) => (yamlRules.length ? { ...clamps[s], rules: yamlRules } : undefined);
  const fit = section('fit', yaml.fit), eng = section('engagement', yaml.engagement);
  if (eng && sectionDecay) (eng as Cond).decay = { half_life: sectionDecay[0] };
  const text = `${header('scoring', id)}${fit ? `fit: ${JSON.stringify(fit)}\n` : ''}${eng ? `engagement: ${JSON.stringify(eng)}\n` : ''}`
    + `total: ${weights ? JSON.stringify({ weights }) : 'sum'}\n${matrix ? `matrix: ${JSON.stringify(matrix)}` : `grades: ${JSON.stringify(grades)}`}\n`
    + `${hasDq ? `disqualify: ${JSON.stringify(dqCond)}\n` : ''}mql: ${JSON.stringify(mqlYaml)}\n`;

  const evaluate = (l: RefLead) => {
    const listed: Item[] = [];
    const explanation: Explained[] = [];
    const sectionValue = (s: 'fit' | 'engagement') => {
      if (!(s === 'fit' ? fit : eng)) return 0;
      let raw = 0;
      for (const p of parts[s]) { const c = p(l); raw += c.points; listed.push(...c.listed); explanation.push(...c.items.map((it) => ({ section: s, ...it }))); }
      const cl = clamps[s] ?? {};
      let v = raw;
      if (cl.max !== undefined) v = Math.min(v, cl.max);
      if (cl.min !== undefined) v = Math.max(v, cl.min);
      explanation.push(...clampItem(raw, v, { section: s }));
      return round2(v);
    };
    const f = sectionValue('fit'), e = sectionValue('engagement');
    const total = round2(weights ? weights.fit * f + weights.engagement * e : f + e);
    const dq = hasDq && dqEval(l);
    const fitBand = matrix && band(matrix.fit, f), engBand = matrix && band(matrix.engagement, e);
    const grade = dq ? 'disqualified' : matrix ? `${fitBand}${engBand}` : grades.find((g) => g.min === undefined || g.min <= total)!.id;
    const mql = !dq && (mqlKind === 'grade' && matrix ? grade === 'Y1' || (fitBand === 'X' && engBand === '1')
      : mqlKind === 'grade' ? ['A', 'B'].includes(grade)
      : mqlKind === 'scores' ? total >= mqlMin || (f >= 15 && e > 0)
      : mqlFieldEval(l) && f >= 0);
    return { fit: f, engagement: e, total, grade, mql, disqualified: dq, rules: listed.map((i) => i.key), explanation };
  };
  const allRuleKeys = () => {
    const keys: string[] = [];
    for (const s of ['fit', 'engagement'] as const) for (const y of yaml[s]) {
      if ('group' in y) for (const m of y.rules as Cond[]) keys.push(`${y.group}/${m.id}`); else keys.push(y.id as string);
    }
    return keys;
  };
  return { text, evaluate, grades: gradeIds, hasDq, allRuleKeys };
}

export function leads(r: () => number, count: number): { csv: string; events: string; ref: RefLead[] } {
  const cols = Object.keys(FIELDS);
  const rows = [`id,${cols.join(',')}`], evRows = ['lead_id,event,at,url,amt'];
  const ref: RefLead[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `L${i}`; const v: Record<string, Value> = {}; const cells: string[] = [];
    for (const c of cols) { const [raw, val] = cell(r, FIELDS[c]); cells.push(raw); v[c] = val; }
    const events: Ev[] = [];
    for (let j = int(r, 0, 6); j > 0; j--) {
      const name = r() < 0.7 ? 'pv' : 'demo';
      // Ages in whole hours and at the window edges (exactly 1d, 7d, 36h, 14d old; after as_of).
      const age = r() < 0.25 ? pick(r, [DAY, 7 * DAY, 36 * 3_600_000, 14 * DAY, 0, -3_600_000]) : int(r, 0, 24 * 20) * 3_600_000;
      const at = AS_OF - age;
      const url = name === 'pv' && r() < 0.8 ? pick(r, ['/pricing', '/docs/api', '/PRICING/enterprise', '/blog']) : undefined;
      const amt = name === 'pv' && r() < 0.6 ? int(r, 0, 8) : undefined;
      events.push({ event: name, at, url, amt });
      evRows.push(`${id},${name},${new Date(at).toISOString().replace('.000Z', 'Z')},${url ?? ''},${amt ?? ''}`);
    }
    rows.push(`${id},${cells.join(',')}`);
    ref.push({ id, v, events });
  }
  return { csv: rows.join('\n') + '\n', events: evRows.join('\n') + '\n', ref };
}

