// Breakdowns by segment (`simulate --by FIELD`, the HTML report, the preview): grade mix, MQL count and rate,
// SLA attainment per value of one lead field (segment, region, owner, source…). Pure: reads a
// simulation's per-lead results beside the leads they came from (index-aligned, as `simulate`
// returns them). A lead without a value counts under NO_SEGMENT.
import type { Lead, SimulationResult } from '../results.js';
import { dataRecord, type Catalog } from '../data/leads.js';

export const NO_SEGMENT = '(none)';
/** At most this many values are shown one by one; the rest are counted together under OTHER_SEGMENTS. */
export const MAX_SEGMENTS = 30;
export const OTHER_SEGMENTS = '(other values)';

export interface SegmentScores { leads: number; grades: Record<string, number>; mql: number; mql_rate: number }
export interface SegmentSla { met: number; breached: number; open: number; attainment: number | null }

export interface Breakdown {
  field: string;
  /** Values of the field, most leads first (NO_SEGMENT last), with their lead counts; they add up to all leads. */
  values: { value: string; leads: number }[];
  /** Per model: its grades in order, and per value the grade mix and MQLs. */
  scoring: Record<string, { grades: string[]; values: Record<string, SegmentScores> }>;
  /** Per response commitment, per value: met, breached, open, attainment (values with no lead in scope are left out). */
  sla: Record<string, Record<string, SegmentSla>>;
}

/** Whether any lead has the field (declared or only present as a column). */
export function hasField(leads: Lead[], field: string): boolean {
  return leads.some((l) => field in l.values || field in l.raw);
}

/** Catalog types whose values name segments (a region, a source, an owner, a flag). */
const SEGMENT_TYPES = new Set(['enum', 'string', 'boolean']);

/**
 * What a breakdown can be by, as the preview offers it: `fields`, the catalog's enum, string and
 * boolean fields some lead has; `columns`, every other field or column `--by` accepts (numbers,
 * dates, lists, undeclared columns: their many values are folded), the lead id left out.
 */
export function segmentChoices(catalog: Catalog, leads: Lead[]): { fields: string[]; columns: string[] } {
  const fields: string[] = [], columns: string[] = [];
  const idColumn = catalog.idColumn ?? 'id';
  for (const [name, d] of Object.entries(catalog.fields)) {
    if (name === idColumn || !hasField(leads, name)) continue;
    (SEGMENT_TYPES.has(d.type) ? fields : columns).push(name);
  }
  // A column read through a field's `column:` is offered as that field.
  const seen = new Set([idColumn, ...Object.keys(catalog.fields), ...Object.values(catalog.fields).map((d) => d.column).filter((c): c is string => !!c)]);
  for (const l of leads) {
    for (const c in l.raw) if (!seen.has(c)) { seen.add(c); columns.push(c); }
  }
  return { fields, columns };
}

/** A lead's segment: its value as written (trimmed), lists joined with ';'. */
export function segmentOf(lead: Lead, field: string): string {
  const raw = lead.raw[field];
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  const v = lead.values[field];
  if (v === undefined || v === null || v === '') return NO_SEGMENT;
  return Array.isArray(v) ? v.join(';') : String(v);
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);

export function breakdown(result: SimulationResult, leads: Lead[], field: string, gradeOrder: Record<string, string[]> = {}): Breakdown {
  const counts = new Map<string, number>();
  const seg = leads.map((l) => segmentOf(l, field));
  for (const s of seg) counts.set(s, (counts.get(s) ?? 0) + 1);
  let values = [...counts].map(([value, n]) => ({ value, leads: n }))
    .sort((a, b) => Number(a.value === NO_SEGMENT) - Number(b.value === NO_SEGMENT) || b.leads - a.leads || a.value.localeCompare(b.value));
  // A field with many values (an e-mail, a company): the largest ones, then the rest together.
  if (values.length > MAX_SEGMENTS) {
    const kept = new Set(values.filter((v) => v.value !== NO_SEGMENT).slice(0, MAX_SEGMENTS - 1).map((v) => v.value));
    const none = values.find((v) => v.value === NO_SEGMENT);
    const rest = values.filter((v) => !kept.has(v.value) && v.value !== NO_SEGMENT);
    values = [...values.filter((v) => kept.has(v.value)), { value: `${OTHER_SEGMENTS.slice(0, -1)}: ${rest.length})`, leads: rest.reduce((a, v) => a + v.leads, 0) }, ...(none ? [none] : [])];
    const other = values[kept.size].value;
    for (let i = 0; i < seg.length; i++) if (!kept.has(seg[i]) && seg[i] !== NO_SEGMENT) seg[i] = other;
  }
  const scoring: Breakdown['scoring'] = {};
  for (const [id, sum] of Object.entries(result.summary.scoring)) {
    const order = (Object.hasOwn(gradeOrder, id) ? gradeOrder[id] : undefined) ?? Object.keys(sum.grades);
    const grades = [...order, ...Object.keys(sum.grades).filter((g) => !order.includes(g))];
    // Keyed by the field's values (user text: `__proto__` or `constructor` are segments too).
    const per = dataRecord<SegmentScores>();
    for (const v of values) per[v.value] = { leads: 0, grades: Object.fromEntries(grades.map((g) => [g, 0])), mql: 0, mql_rate: 0 };
    result.leads.forEach((r, i) => {
      const s = r.scores[id];
      if (!s) return;
      const x = per[seg[i]];
      x.leads++;
      x.grades[s.grade] = (x.grades[s.grade] ?? 0) + 1;
      if (s.mql) x.mql++;
    });
    for (const x of Object.values(per)) x.mql_rate = ratio(x.mql, x.leads);
    // Handed out as plain objects (Object.fromEntries defines own properties, `__proto__` too).
    scoring[id] = { grades, values: Object.fromEntries(Object.entries(per)) };
  }
  const sla: Breakdown['sla'] = {};
  for (const [key, sum] of Object.entries(result.summary.sla)) {
    if (!('met' in sum)) continue;
    const per = dataRecord<SegmentSla>();
    result.leads.forEach((r, i) => {
      const s = r.sla[key];
      if (!s) return;
      const x = (per[seg[i]] ??= { met: 0, breached: 0, open: 0, attainment: null });
      x[s.status]++;
    });
    for (const x of Object.values(per)) x.attainment = x.met + x.breached === 0 ? null : ratio(x.met, x.met + x.breached);
    sla[key] = Object.fromEntries(Object.entries(per));
  }
  return { field, values, scoring, sla };
}
