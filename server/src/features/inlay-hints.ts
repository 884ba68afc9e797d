// Inlay hints at the end of each scoring rule's line: how many sample leads the rule fires for
// (contributed to, as the code lens counts) and its points — `560 leads · +30`, `1195 leads · +5/event`.
// From the latest sample summary; no samples (or an untrusted folder): no hints.
import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { LeadspecHost } from './host.js';
import type { SampleView } from './samples.js';
import { positionAt, type ParsedFile } from '../core/syntax/parse.js';
import type { Range } from '../core/types.js';

const get = (node: unknown, key: string): Node | undefined => {
  if (!isMap(node)) return undefined;
  const p = node.items.find((it) => isScalar(it.key) && String(it.key.value) === key);
  return (p?.value as Node | null) ?? undefined;
};
const str = (node: unknown, key: string) => { const v = get(node, key); return isScalar(v) && v.value !== null ? String(v.value) : undefined; };

export function inlayHints(host: LeadspecHost, samples: SampleView, file: string, range?: Range): InlayHint[] {
  const f = host.file(file);
  const run = f && host.settings.codeLensEnable ? samples.summary() : undefined;
  if (!f || !run) return [];
  const out: InlayHint[] = [];
  for (const doc of f.docs) {
    const s = doc.kind === 'scoring' && doc.id ? run.summary.scoring[doc.id] : undefined;
    if (!s) continue;
    for (const section of ['fit', 'engagement']) {
      const rules = get(get(doc.yaml.contents, section), 'rules');
      if (!isSeq(rules)) continue;
      for (const item of rules.items as Node[]) {
        const group = str(item, 'group');
        const members = group !== undefined ? get(item, 'rules') : undefined;
        for (const rule of group !== undefined ? (isSeq(members) ? members.items as Node[] : []) : [item]) {
          const id = str(rule, 'id');
          if (id === undefined) continue;
          const at = hintPosition(f, rule);
          if (!at || (range && (at.line < range.start.line || at.line > range.end.line))) continue;
          const n = s.rules[group !== undefined ? `${group}/${id}` : id] ?? 0;
          const points = get(rule, 'points');
          const p = isScalar(points) && typeof points.value === 'number' ? points.value : undefined;
          const pts = p === undefined ? '' : ` · ${p > 0 ? '+' : ''}${p}${str(rule, 'event') !== undefined ? '/event' : ''}`;
          out.push({
            position: at, label: `${n} lead${n === 1 ? '' : 's'}${pts}`, kind: InlayHintKind.Parameter, paddingLeft: true,
            tooltip: `Rule '${id}' contributed to ${n} of ${run.total} sample leads (${run.source}).`,
          });
        }
      }
    }
  }
  return out;
}

/** The end of a one-line rule, or of the line holding a block rule's `id:` (before any comment). */
function hintPosition(f: ParsedFile, rule: Node) {
  const r = rule.range;
  if (!r) return undefined;
  let end = r[1];
  while (end > r[0] && /\s/.test(f.text[end - 1])) end--;
  const start = positionAt(f, r[0]), stop = positionAt(f, end);
  if (start.line === stop.line) return stop;
  const id = get(rule, 'id');
  return id?.range ? positionAt(f, id.range[1]) : undefined;
}
