// Typed messages between the extension host (client/src/preview) and the preview page
// (client/webview). Both sides import this file; the page never receives anything else.
import type { DataWarning, LeadResult, Summary } from '../../server/src/core/results.js';
import type { DiffResult } from '../../server/src/core/diff/simulations.js';
import type { BacktestResult } from '../../server/src/core/outcomes/backtest.js';
import type { Breakdown } from '../../server/src/core/eval/breakdown.js';

/** One row of the lead table: only what the table shows; the explanation is fetched on click. */
export interface LeadRow {
  id: string;
  /** Matched ICPs as `icp` or `icp/tier`. */
  icps: string[];
  /** Per scoring model: total, grade, mql. */
  scores: Record<string, { total: number; grade: string; mql: boolean }>;
}

export interface PreviewData {
  /** What was simulated, e.g. "samples/leads.csv + samples/events.jsonl". */
  source: string;
  as_of: string;
  /** Grade ids per model, best first (definition order), for charts and filters. */
  gradeOrder: Record<string, string[]>;
  summary: Summary;
  leads: LeadRow[];
  /** The first warnings (the page says how many there are in all). */
  warnings: DataWarning[];
  warningCount: number;
  /** Definition problems that stopped part of the simulation (e.g. a model that does not compile). */
  problems: string[];
  /** Milliseconds the simulation took. */
  elapsedMs: number;
  /** The sample's backtest (format §11) when the project declares outcomes: the calibration view. */
  backtest?: BacktestResult;
  /** The fields the "By segment" picker offers (server/src/core/eval/breakdown.ts segmentChoices). */
  segments?: SegmentChoices;
  /** The breakdown by the field picked (kept by the host across runs and refreshes). */
  by?: ByData;
}

export interface SegmentChoices { fields: string[]; columns: string[] }

/** The breakdown by segment: none picked (`field: null`), the breakdown, or why there is none. */
export interface ByData { field: string | null; breakdown?: Breakdown; problem?: string }

export interface DiffData {
  diff: DiffResult;
  /** "main (a1b2c3d)" */
  baseLabel: string;
  source: string;
  elapsedMs: number;
}

/** One diagnostic of a refused run, 1-based, as `leadspec validate` prints it. */
export interface DiagnosticLink {
  file: string;
  /** The path shown (relative to the workspace root; `REF:path` for a diff's base). */
  label: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** False for a diff base's files: they are not in the working tree, so not opened. */
  openable: boolean;
}

/** The definitions failed the gate (server/src/core/gate.ts): nothing was simulated. */
export interface InvalidData {
  /** "the definitions" or "the definitions at main". */
  where: string;
  /** validate's summary line, e.g. "1 error, 0 warnings in 8 files". */
  summary: string;
  diagnostics: DiagnosticLink[];
}

export type HostMessage =
  | { type: 'preview'; data: PreviewData }
  | { type: 'diff'; data: DiffData }
  | { type: 'busy'; message: string }
  | { type: 'error'; message: string }
  | { type: 'invalid'; data: InvalidData }
  | { type: 'explanation'; lead: LeadResult | null; id: string }
  /** The breakdown after the page picked a field (the next `preview` carries it too). */
  | { type: 'breakdown'; data: ByData };

export type PageMessage =
  | { type: 'ready' }
  | { type: 'explain'; id: string }
  | { type: 'refresh' }
  /** Break the preview down by this field (null: no breakdown); the host keeps the choice. */
  | { type: 'breakdown'; field: string | null }
  /** Opens a definition file at a position (only a file the preview reads is opened). */
  | { type: 'open'; file: string; line: number; column: number };

/** Which page the HTML hosts (set as data-view on <body>). */
export type ViewKind = 'preview' | 'diff';
