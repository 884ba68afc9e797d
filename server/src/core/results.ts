// Leads as the engine sees them, and the results of a simulation (SPEC §7, §8).
// The JSON shapes here are the contract of `leadspec simulate --format json`; the diff, the
// preview, the SQL path and the tests read them.
import type { EventRange } from './data/event-store.js';

/** A lead after loading: values parsed by the catalog's types. */
export interface Lead {
  id: string;
  /** Where the lead came from, for warnings: file and 1-based row/line (CSV: data row + header). */
  source?: { file: string; row: number };
  /**
   * Parsed values by field name. Types: string/enum → string (as written, untrimmed),
   * integer/number → number, boolean → boolean, date/datetime → epoch milliseconds (UTC;
   * a date is its UTC midnight), list → string[]. Missing or unparseable → absent.
   */
  values: Record<string, unknown>;
  /** Raw cell text of every column, including ones the catalog does not declare (for display). */
  raw: Record<string, string>;
  /** Events sorted by time, oldest first (empty when they are in `stored`). */
  events: LeadEvent[];
  /**
   * The file loaders' leads: their events as rows of a columnar store (core/data/event-store.ts),
   * sorted the same way, instead of `events`. Read a lead's events with `eventsOf` /
   * `forEachEvent` / `eventCount` there, or through EvalCtx's buckets.
   */
  stored?: EventRange;
}

export interface LeadEvent {
  event: string;
  /** Epoch milliseconds (UTC). */
  at: number;
  props: Record<string, unknown>;
}

export interface DataWarning { file?: string; row?: number; lead?: string; field?: string; message: string }

export type ExplanationItem =
  | { section: 'fit' | 'engagement'; rule: string; group?: string; points: number; events?: number }
  | { section: 'fit' | 'engagement'; clamp: 'max' | 'min'; cut: number; rule?: string; group?: string };

export interface ScoreResult {
  fit: number;
  engagement: number;
  total: number;
  grade: string;
  /** Matrix models only. */
  fit_grade?: string;
  engagement_grade?: string;
  mql: boolean;
  disqualified: boolean;
  explanation: ExplanationItem[];
}

export interface IcpMatch { id: string; tier: string | null; personas: string[] }

export type SlaStatus = 'met' | 'breached' | 'open';
export interface SlaLeadResult {
  status: SlaStatus;
  /** ISO 8601 UTC, e.g. 2026-11-20T16:00:00Z. */
  due: string;
  elapsed_minutes: number;
  escalations: Record<string, unknown>[];
}

export interface LeadResult {
  id: string;
  icps: IcpMatch[];
  scores: Record<string, ScoreResult>;
  /** Keyed `<sla-id>/<commitment-id>`; only commitments that apply to the lead. */
  sla: Record<string, SlaLeadResult>;
}

export interface HistogramBin { from: number; to: number; count: number }

export interface ScoringSummary {
  grades: Record<string, number>;
  mql: number;
  mql_rate: number;
  histogram: HistogramBin[];
  /** Rule id → number of leads it contributed to; group members as `<group>/<rule>`. */
  rules: Record<string, number>;
}

export interface IcpSummary { matched: number; tiers: Record<string, number>; personas?: Record<string, number> }

export type SlaSummary =
  | { met: number; breached: number; open: number; attainment: number | null }
  | { periods: Record<string, { count: number; met: boolean }> };

/**
 * What simulate adds beside a volume commitment's SPEC §6 summary (an extension, `summary.volume`):
 * its target as written, and the periods the data does not cover whole (`partial`: the data starts
 * after the period's first day, or the period has not ended at as_of), which reports do not judge.
 */
export interface VolumeInfo { target: unknown; partial: string[] }

export interface Summary {
  leads: number;
  scoring: Record<string, ScoringSummary>;
  icps: Record<string, IcpSummary>;
  sla: Record<string, SlaSummary>;
  /** Extension: per volume commitment, its target and partial periods (see VolumeInfo). */
  volume?: Record<string, VolumeInfo>;
  /** Sales feedback per model, when the project declares `outcomes.feedback` (SPEC §11). */
  feedback?: Record<string, ModelFeedback>;
}

/** Sales' verdicts on a group of leads (SPEC §11): rejection_rate = rejected / judged, null when none. */
export interface FeedbackCounts { accepted: number; rejected: number; recycled: number; rejection_rate: number | null }
export interface ModelFeedback {
  grades: Record<string, FeedbackCounts>;
  mql: FeedbackCounts;
  not_mql: FeedbackCounts;
  rules: Record<string, FeedbackCounts>;
  /** Rejection reasons among rejected leads, most frequent first. */
  reasons: Record<string, number>;
}

export interface SimulationResult {
  as_of: string;
  leads: LeadResult[];
  summary: Summary;
  warnings: DataWarning[];
}

/** ISO 8601 in UTC without milliseconds when they are zero: 2026-11-20T16:00:00Z. */
export function isoUtc(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? s.slice(0, -5) + 'Z' : s;
}
