// Code lenses from the sample simulation: on each scoring rule how many sample leads it
// contributed to, on each ICP and tier how many leads it holds, on each commitment its SLA
// attainment (or volume per period). No samples (or an untrusted folder): no lenses.
import type { CodeLens } from 'vscode-languageserver';
import { isMap, isSeq, isScalar, type Node } from 'yaml';
import type { LeadspecHost } from './host.js';
import type { SampleView } from './samples.js';
import { percent } from './samples.js';
import { rangeOfNode, type LeadspecDoc } from '../core/syntax/parse.js';
import type { Range } from '../core/types.js';
import { slaText } from './hover.js';
import { mqlLens } from './calibration.js';
import { gateLensTitle, type Refusal } from './gate.js';

export function codeLenses(host: LeadspecHost, samples: SampleView, file: string): CodeLens[] {
  if (!host.settings.codeLensEnable) return [];
  const f = host.file(file);
  if (!f) return [];
  // The gate (features/gate.ts): with errors in the definitions, each definition that would show
  // counts says so instead, and where the first error is.
  const refused = samples.configured() ? samples.refused() : undefined;
  if (refused) return gateLenses(host, f.docs, refused);
  const run = samples.summary();
  if (!run) return [];
  const total = run.total;
  const lens = (range: Range | undefined, title: string): CodeLens | undefined => (range ? { range, command: { title, command: '' } } : undefined);
  const out: (CodeLens | undefined)[] = [];
  for (const doc of f.docs) {
    const id = doc.id;
    if (!id) continue;
    if (doc.kind === 'scoring') {
      const s = run.summary.scoring[id];
      if (!s) continue;
      out.push(lens(idRange(doc), `${s.mql} of ${total} sample leads are MQL (${percent(s.mql, total)}) · ${Object.entries(s.grades).map(([g, n]) => `${g} ${n}`).join(' · ')}`));
      for (const section of ['fit', 'engagement']) {
        for (const item of seqItems(doc, [section, 'rules'])) {
          const group = str(item, 'group');
          if (group !== undefined) {
            for (const m of itemsOf(get(item, 'rules'))) {
              const rid = str(m, 'id');
              if (rid !== undefined) out.push(lens(rangeOfNode(f, m), ruleTitle(s.rules[`${group}/${rid}`] ?? 0, total)));
            }
            continue;
          }
          const rid = str(item, 'id');
          if (rid !== undefined) out.push(lens(rangeOfNode(f, item), ruleTitle(s.rules[rid] ?? 0, total)));
        }
      }
      const ml = mqlLens(doc, run.backtest);
      if (ml) out.push(lens(ml.range, ml.title));
    } else if (doc.kind === 'icp') {
      const s = run.summary.icps[id];
      if (!s) continue;
      out.push(lens(idRange(doc), `matches ${s.matched} of ${total} sample leads (${percent(s.matched, total)})`));
      for (const item of seqItems(doc, ['tiers'])) {
        const tid = str(item, 'id');
        if (tid !== undefined) { const n = s.tiers[tid] ?? 0; out.push(lens(rangeOfNode(f, item), `${n} sample lead${n === 1 ? '' : 's'} in this tier (${percent(n, s.matched)} of matches)`)); }
      }
    } else if (doc.kind === 'sla') {
      for (const item of seqItems(doc, ['commitments'])) {
        const cid = str(item, 'id');
        const s = cid !== undefined ? run.summary.sla[`${id}/${cid}`] : undefined;
        if (s) out.push(lens(rangeOfNode(f, item), slaText({ ...s, per: str(item, 'per') }, 80)));
      }
    }
  }
  return out.filter((l): l is CodeLens => !!l);
}

/** One lens per ICP, model and SLA, on its id: no counts until the errors are fixed. */
function gateLenses(host: LeadspecHost, docs: LeadspecDoc[], refused: Refusal): CodeLens[] {
  const title = gateLensTitle(refused, host.roots[0]);
  const out: CodeLens[] = [];
  for (const doc of docs) {
    if (!doc.id || !['scoring', 'icp', 'sla'].includes(doc.kind ?? '')) continue;
    const range = idRange(doc);
    if (range) out.push({ range, command: { title, command: host.problemsCommand } });
  }
  return out;
}

const ruleTitle = (n: number, total: number) => `contributes to ${n} of ${total} sample leads (${percent(n, total)})`;

function get(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const p = node.items.find((it) => isScalar(it.key) && String(it.key.value) === key);
  return (p?.value as Node | null) ?? undefined;
}
function str(node: unknown, key: string): string | undefined {
  const v = get(node, key);
  return isScalar(v) && v.value !== null ? String(v.value) : undefined;
}
function itemsOf(seq: unknown): Node[] { return isSeq(seq) ? (seq.items as Node[]).filter(Boolean) : []; }
function seqItems(doc: LeadspecDoc, path: string[]): Node[] {
  let cur: unknown = doc.yaml.contents;
  for (const k of path) cur = get(cur, k);
  return itemsOf(cur);
}
function idRange(doc: LeadspecDoc): Range | undefined { return rangeOfNode(doc.file, get(doc.yaml.contents, 'id')); }
