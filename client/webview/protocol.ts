// Typed messages between the extension host (client/src/preview) and the preview page
// (client/webview). Both sides import this file; the page never receives anything else.
import type { DataWarning, LeadResult, Summary } from '../../server/src/core/results.js';
import type { DiffResult } from '../../server/src/core/diff.js';

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
}

export interface DiffData {
  diff: DiffResult;
  /** "main (a1b2c3d)" */
  baseLabel: string;
  source: string;
  elapsedMs: number;
}

export type HostMessage =
  | { type: 'preview'; data: PreviewData }
  | { type: 'diff'; data: DiffData }
  | { type: 'busy'; message: string }
  | { type: 'error'; message: string }
  | { type: 'explanation'; lead: LeadResult | null; id: string };

export type PageMessage =
  | { type: 'ready' }
  | { type: 'explain'; id: string }
  | { type: 'refresh' };

/** Which page the HTML hosts (set as data-view on <body>). */
export type ViewKind = 'preview' | 'diff';
