// Deterministic generator of a dense 2,000-line scoring model (flow mappings on most lines), the
// file the LSP benchmark edits. Uses the catalog and ICP of ../shared/examples/basic.
import { rng } from './prng.js';

export const FIELDS = ['employees', 'industry', 'country', 'seniority', 'annual_revenue', 'tech_stack', 'email', 'region'];

function condition(r: () => number): string {
  const pick = Math.floor(r() * 8);
  switch (pick) {
    case 0: return `{ employees: { gte: ${Math.floor(r() * 5000)} } }`;
    case 1: return `{ industry: [SaaS, Fintech] }`;
    case 2: return `{ seniority: { in: [vp, cxo] }, country: US }`;
    case 3: return `{ annual_revenue: { between: [${Math.floor(r() * 1e6)}, ${1e6 + Math.floor(r() * 1e7)}] } }`;
    case 4: return `{ tech_stack: { includes_any: [salesforce, hubspot] } }`;
    case 5: return `{ email: { ends_with: "@example.com" } }`;
    case 6: return `{ any: [ { region: emea }, { region: na } ] }`;
    default: return `{ icp: mid-market }`;
  }
}

/**
 * The same model with every rule written over several lines (`- id: …` / `when: …` / `points: …`),
 * the other layout authors use: about `lines` lines.
 */
export function multilineScoringFile(lines = 2000, seed = 7): string {
  const flow = scoringFile(Math.ceil(lines / 3.5) + 40, seed).split('\n');
  const out: string[] = [];
  for (const l of flow) {
    const m = /^(\s*)- \{ (id: [^,]+), (.*), (points: \d+)(.*) \}$/.exec(l);
    if (!m) { out.push(l); continue; }
    const pad = `${m[1]}  `;
    out.push(`${m[1]}- ${m[2]}`);
    for (const part of splitTop(m[3])) out.push(`${pad}${part}`);
    out.push(`${pad}${m[4]}`);
    for (const part of splitTop(m[5].replace(/^, /, ''))) if (part) out.push(`${pad}${part}`);
  }
  return out.join('\n');
}

/** `a: x, b: { c: 1, d: 2 }` → ['a: x', 'b: { c: 1, d: 2 }'] (commas at the top level only). */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = '';
  for (const ch of s) {
    if (ch === '{' || ch === '[') depth++;
    if (ch === '}' || ch === ']') depth--;
    if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** About `lines` lines: fit rules in groups of 10, event rules, grades, mql. */
export function scoringFile(lines = 2000, seed = 7): string {
  const r = rng(seed);
  const out: string[] = ['leadspec: v1', 'kind: scoring', 'id: bench', 'title: Generated scoring model for the LSP benchmark', 'fit:', '  max: 100000', '  rules:'];
  let n = 0;
  const fitLines = Math.floor((lines - 40) * 0.7);
  while (out.length < fitLines) {
    out.push(`    - group: g${n}`, '      pick: max', '      rules:');
    for (let i = 0; i < 10; i++) out.push(`        - { id: r${n}-${i}, when: ${condition(r)}, points: ${1 + Math.floor(r() * 30)} }`);
    n++;
  }
  out.push('engagement:', '  max: 100000', '  decay: { half_life: 30d }', '  rules:');
  const events = ['page_view', 'demo_request', 'email_click', 'unsubscribe'];
  let e = 0;
  while (out.length < lines - 30) {
    const ev = events[Math.floor(r() * events.length)];
    const where = ev === 'page_view' ? `, where: { url: { contains: /p${e} } }` : '';
    out.push(`    - { id: e${e}, event: ${ev}${where}, points: ${1 + Math.floor(r() * 10)}, max: 50, within: ${1 + Math.floor(r() * 60)}d }`);
    e++;
  }
  out.push('total: sum', 'grades:', '  - { id: A, min: 80 }', '  - { id: B, min: 50 }', '  - { id: C, min: 20 }', '  - { id: D }',
    'disqualify:', '  any:', '    - email: { ends_with: "@competitor.com" }', 'mql:', '  any:', '    - grade: A', '    - { fit: { gte: 40 }, engagement: { gte: 60 } }');
  while (out.length < lines) out.push(`# padding comment ${out.length}`);
  return out.join('\n') + '\n';
}

/** The i-th edit: change the points of one rule line (same length class, still valid). */
export function editAt(text: string, i: number): { text: string; line: number; start: number; end: number; newText: string } {
  const lines = text.split('\n');
  const candidates: number[] = [];
  lines.forEach((l, k) => { if (/points: \d+/.test(l)) candidates.push(k); });
  const line = candidates[(i * 7919) % candidates.length];
  const m = /points: (\d+)/.exec(lines[line])!;
  const start = m.index + 'points: '.length;
  const end = start + m[1].length;
  const newText = String(((Number(m[1]) + i) % 50) + 1);
  lines[line] = lines[line].slice(0, start) + newText + lines[line].slice(end);
  return { text: lines.join('\n'), line, start, end, newText };
}
