// Plain TypeScript shapes of leadspec v1 definitions (SPEC.md §1–§9), as the YAML's JS value.
// The schema guarantees the shape before the engine sees a definition; the engine may still
// meet partial documents in the editor and must not crash on them.

export type Kind = 'fields' | 'icp' | 'scoring' | 'sla' | 'project' | 'test';
export const KINDS: Kind[] = ['fields', 'icp', 'scoring', 'sla', 'project', 'test'];

export interface Common {
  leadspec: 'v1';
  kind: Kind;
  id: string;
  title?: string;
  owner?: string;
  description?: string;
}

// ---- §2 fields ------------------------------------------------------------------------------
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum' | 'list';
export const FIELD_TYPES: FieldType[] = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'enum', 'list'];
export interface FieldDecl { type: FieldType; values?: (string | number)[]; min?: number; max?: number; description?: string; column?: string }
export type EventPropType = 'string' | 'number' | 'boolean';
export interface EventDecl { properties?: Record<string, EventPropType>; description?: string }
export interface FieldsDef extends Common { kind: 'fields'; fields?: Record<string, FieldDecl>; events?: Record<string, EventDecl>; id_column?: string }

export const RESERVED_WORDS = ['all', 'any', 'not', 'icp', 'tier', 'event', 'fit', 'engagement', 'total', 'grade',
  'fit_grade', 'engagement_grade', 'mql', 'disqualified'] as const;

// ---- §3 conditions --------------------------------------------------------------------------
/** A condition mapping: field tests, combinators and special keys; several keys must all hold. */
export type Condition = Record<string, unknown>;
export const COMBINATORS = ['all', 'any', 'not'] as const;
export const OPERATORS = ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'starts_with',
  'ends_with', 'includes', 'includes_any', 'includes_all', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];
/** Which field types each operator allows (SPEC §3 table). */
export const OPERATOR_TYPES: Record<Operator, FieldType[] | 'all'> = {
  eq: 'all', ne: 'all', exists: 'all',
  in: ['string', 'enum', 'number', 'integer'], not_in: ['string', 'enum', 'number', 'integer'],
  gt: ['number', 'integer', 'date', 'datetime'], gte: ['number', 'integer', 'date', 'datetime'],
  lt: ['number', 'integer', 'date', 'datetime'], lte: ['number', 'integer', 'date', 'datetime'],
  between: ['number', 'integer', 'date', 'datetime'],
  contains: ['string'], starts_with: ['string'], ends_with: ['string'],
  includes: ['list'], includes_any: ['list'], includes_all: ['list'],
};
/** Score outputs usable as condition keys in scoring and SLA contexts. */
export const SCORE_NUMERIC_KEYS = ['fit', 'engagement', 'total'] as const;
export const SCORE_GRADE_KEYS = ['grade', 'fit_grade', 'engagement_grade'] as const;
export const SCORE_BOOL_KEYS = ['mql', 'disqualified'] as const;
export interface EventCondition { event: string; where?: Condition; within?: string; count?: Record<string, unknown> }

// ---- §4 icp ---------------------------------------------------------------------------------
export interface Tier { id: string; when?: Condition; description?: string }
export interface Persona { id: string; when?: Condition; description?: string }
export interface IcpDef extends Common { kind: 'icp'; fields?: string; match?: Condition; exclude?: Condition; tiers?: Tier[]; personas?: Persona[] }

// ---- §5 scoring -----------------------------------------------------------------------------
export interface Decay { half_life: string }
export interface WhenRule { id: string; when: Condition; points: number; description?: string }
export interface EventRule {
  id: string; event: string; where?: Condition; points: number; within?: string;
  max?: number; min?: number; decay?: Decay | 'none'; description?: string;
}
export type Rule = WhenRule | EventRule;
export interface Group { group: string; pick?: 'sum' | 'first' | 'max'; max?: number; min?: number; rules: Rule[]; description?: string }
export type RuleOrGroup = Rule | Group;
export interface Section { max?: number; min?: number; decay?: Decay | 'none'; rules?: RuleOrGroup[] }
export interface Band { id: string; min?: number; description?: string }
export interface ScoringDef extends Common {
  kind: 'scoring';
  fields?: string;
  fit?: Section;
  engagement?: Section;
  total?: 'sum' | { weights: { fit?: number; engagement?: number } };
  grades?: Band[];
  matrix?: { fit: Band[]; engagement: Band[] };
  disqualify?: Condition;
  mql?: Condition;
}
export const isGroup = (r: RuleOrGroup): r is Group => typeof (r as Group).group === 'string';
export const isEventRule = (r: Rule): r is EventRule => typeof (r as EventRule).event === 'string';

// ---- §6 sla ---------------------------------------------------------------------------------
export type WeekdayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun' | 'weekdays' | 'everyday';
export const WEEKDAY_KEYS: WeekdayKey[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'weekdays', 'everyday'];
export interface CalendarDef { timezone: string; hours: Partial<Record<WeekdayKey, string>>; holidays?: string[] }
export type CalendarRef = string | { by: string; map?: Record<string, string>; default?: string };
export interface Escalation { after: string; notify?: string; reassign?: string; [k: string]: unknown }
export interface ResponseCommitment {
  id: string; owner?: string; type?: 'response'; scoring?: string; applies_to?: Condition;
  start: string; stop: string; within: string; clock?: 'business' | 'calendar'; calendar?: CalendarRef;
  escalate?: Escalation[]; description?: string;
}
export interface VolumeCommitment {
  id: string; owner?: string; type: 'volume'; scoring?: string; count?: Condition;
  per: 'day' | 'week' | 'month' | 'quarter'; date: string; target: Record<string, unknown>;
  calendar?: CalendarRef; description?: string;
}
export type Commitment = ResponseCommitment | VolumeCommitment;
export const isVolume = (c: Commitment): c is VolumeCommitment => c.type === 'volume';
export interface SlaDef extends Common { kind: 'sla'; fields?: string; calendars?: Record<string, CalendarDef>; commitments?: Commitment[] }

// ---- §7 project -----------------------------------------------------------------------------
export interface OutcomesDef {
  converted?: string | { event: string };
  created?: string; as_of?: string; horizon?: string; capacity?: number | string; value?: string;
  feedback?: { field?: string; accepted?: unknown[]; rejected?: unknown[]; recycled?: unknown[]; reason?: string };
}
export interface ProjectDef extends Common { kind: 'project'; samples?: { leads?: string; events?: string }; as_of?: string; base?: string; outcomes?: OutcomesDef }

// ---- §9 test --------------------------------------------------------------------------------
export interface TestCase { name: string; lead?: Record<string, unknown>; sample?: string; expect: Record<string, unknown> }
export interface TestDef extends Common { kind: 'test'; as_of?: string; cases?: TestCase[] }

export type Definition = FieldsDef | IcpDef | ScoringDef | SlaDef | ProjectDef | TestDef;

/** Durations `<n><unit>`, units m, h, d, w (SPEC §3). Returns minutes, or undefined if malformed. */
export function parseDuration(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^(\d+)(m|h|d|w)$/.exec(s.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n * { m: 1, h: 60, d: 1440, w: 10080 }[m[2] as 'm' | 'h' | 'd' | 'w'];
}
export const DURATION_PATTERN = '^[0-9]+(m|h|d|w)$';
