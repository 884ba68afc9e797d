// The project's `outcomes` (SPEC §11) as the engine reads it, with the command line's
// overrides (--as-of, --horizon, --capacity). The checker (./check.ts) has already said what is
// wrong with the definition; here a problem that stops a backtest is an OutcomesError whose
// message says what to declare or pass (the CLI exits 2 with it).
import type { ProjectDef } from '../model.js';
import { parseDuration } from '../model.js';
import type { Catalog } from '../data/leads.js';
import { parseDatetime } from '../data/values.js';
import { parseCapacity, type Capacity } from './capacity.js';

export class OutcomesError extends Error {}

export type Conversion =
  | { kind: 'time'; field: string }
  | { kind: 'event'; event: string }
  | { kind: 'flag'; field: string };

export interface FeedbackSpec {
  field: string;
  accepted: string[];
  rejected: string[];
  recycled: string[];
  reason?: string;
}

export interface OutcomesSpec {
  converted: Conversion;
  created?: string;
  /** The score date T (epoch ms); undefined for a flag (the simulation's as_of is used). */
  asOf?: number;
  /** The horizon as written (`90d`) and in ms; undefined for a flag. */
  horizon?: { text: string; ms: number };
  capacity?: Capacity;
  value?: string;
  feedback?: FeedbackSpec;
}

export interface OutcomeOverrides { asOf?: string; horizon?: string; capacity?: string }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => x !== null && typeof x !== 'object').map(String) : []);

export const DECLARE_OUTCOMES = 'declare `outcomes` in the project definition (leadspec.yaml), e.g.\n'
  + '  outcomes:\n    converted: opportunity_created_at   # a datetime field, { event: … }, or a boolean flag\n'
  + '    as_of: 2026-08-01T00:00:00Z\n    horizon: 90d\n(SPEC §11; docs/backtest.md)';

/** The feedback part alone (simulate and diff read it; no score date needed). */
export function feedbackSpec(project: ProjectDef | undefined): FeedbackSpec | undefined {
  const fb = isObj(project?.outcomes) ? project!.outcomes.feedback : undefined;
  if (!isObj(fb) || typeof fb.field !== 'string' || fb.field === '') return undefined;
  return {
    field: fb.field, accepted: list(fb.accepted), rejected: list(fb.rejected), recycled: list(fb.recycled),
    reason: typeof fb.reason === 'string' && fb.reason !== '' ? fb.reason : undefined,
  };
}

/** The outcomes a backtest runs on; throws OutcomesError saying what to declare or pass. */
export function resolveOutcomes(project: ProjectDef | undefined, catalog: Catalog, over: OutcomeOverrides = {}): OutcomesSpec {
  const o = project?.outcomes;
  if (!isObj(o)) throw new OutcomesError(`no outcomes to backtest against: ${DECLARE_OUTCOMES}`);
  const conv = o.converted;
  let converted: Conversion;
  if (isObj(conv) && typeof conv.event === 'string' && conv.event !== '') converted = { kind: 'event', event: conv.event };
  else if (typeof conv === 'string' && conv !== '') {
    const type = catalog.fields[conv]?.type;
    if (type === 'boolean') converted = { kind: 'flag', field: conv };
    else if (type === 'datetime' || type === 'date') converted = { kind: 'time', field: conv };
    else throw new OutcomesError(`outcomes.converted '${conv}' must be a datetime or boolean field of the catalog${type ? ` (it is ${type})` : ' (it is not declared)'}; run \`leadspec validate\``);
  } else throw new OutcomesError(`outcomes.converted is missing: ${DECLARE_OUTCOMES}`);

  const spec: OutcomesSpec = { converted };
  if (typeof o.created === 'string' && o.created !== '') spec.created = o.created;
  if (typeof o.value === 'string' && o.value !== '') spec.value = o.value;
  spec.feedback = feedbackSpec(project);

  const cap = over.capacity ?? (o.capacity === undefined || o.capacity === null ? undefined : o.capacity);
  if (cap !== undefined) {
    spec.capacity = parseCapacity(cap);
    if (!spec.capacity) throw new OutcomesError(`${over.capacity !== undefined ? '--capacity' : 'outcomes.capacity'} '${String(cap)}' must be a positive whole number of leads (200) or a share such as 15%`);
  }

  if (converted.kind === 'flag') {
    if (over.horizon !== undefined) throw new OutcomesError(`--horizon cannot be used: outcomes.converted '${converted.field}' is a flag without conversion times, so there is no score date (SPEC §11, "Without conversion times")`);
    if (o.as_of !== undefined || o.horizon !== undefined) throw new OutcomesError('outcomes.as_of and outcomes.horizon cannot be given with a boolean `converted` flag; remove them (run `leadspec validate`)');
    return spec;
  }
  const asOfText = over.asOf ?? text(o.as_of);
  if (asOfText === undefined) throw new OutcomesError('the backtest needs a score date: add `as_of:` (e.g. 2026-08-01T00:00:00Z) under `outcomes` in the project definition, or pass --as-of ISO');
  const asOf = parseDatetime(asOfText);
  if (asOf === undefined) throw new OutcomesError(`${over.asOf !== undefined ? '--as-of' : 'outcomes.as_of'} '${asOfText}' is not an ISO 8601 date-time (e.g. 2026-08-01T00:00:00Z)`);
  spec.asOf = asOf;
  const hText = over.horizon ?? (typeof o.horizon === 'string' ? o.horizon : undefined);
  if (hText === undefined) throw new OutcomesError('the backtest needs a horizon: add `horizon:` (e.g. 90d) under `outcomes` in the project definition, or pass --horizon DUR');
  const minutes = parseDuration(hText);
  if (minutes === undefined || minutes <= 0) throw new OutcomesError(`${over.horizon !== undefined ? '--horizon' : 'outcomes.horizon'} '${hText}' must be a positive duration <n><unit> with unit m, h, d or w (e.g. 90d)`);
  spec.horizon = { text: hText.trim(), ms: minutes * 60000 };
  return spec;
}
