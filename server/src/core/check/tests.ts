// Semantic checks of `kind: test` documents (SPEC §9) that need only the workspace index:
// a lead per case, distinct case names, and every expectation naming things that exist —
// ICPs and tiers, scoring models and the grades they declare, SLA commitments — tested with
// operators the output's type allows. Checks that need sample data or a run of the case
// (unknown sample ids, failing cases) are made by the CLI and the editor (core/eval/expectations.ts).
import type { Pair } from 'yaml';
import { OUTPUT_OPERATORS, outputType } from '../eval/expectations.js';
import { DocContext, isMap, isScalar, keyName, resolve, scalarValue, type N } from './context.js';
import { mapGet, mapPair, seqItems } from './ids.js';

const EXPECT_WORDS = ['icp', 'tier', 'sla'];

export function checkTest(ctx: DocContext): void {
  const names = new Map<string, N>();
  for (const item of seqItems(ctx, mapGet(ctx, ctx.doc.yaml.contents as N, 'cases'))) {
    if (!isMap(item)) continue;
    const nameNode = mapGet(ctx, item, 'name');
    const anchor: N = nameNode ?? item;
    const lead = mapPair(ctx, item, 'lead'), sample = mapPair(ctx, item, 'sample');
    if (lead && sample) ctx.report('LS104', sample.key as N, 'this case has both `lead:` and `sample:`; keep one of them');
    else if (!lead && !sample) ctx.report('LS104', anchor, 'this case has no lead: write it out with `lead: { id: …, … }` or name a sample lead with `sample: <id>`');
    const name = scalarValue(nameNode);
    if (typeof name === 'string') {
      const first = names.get(name);
      if (first) {
        const fr = ctx.range(first);
        ctx.report('LS112', nameNode, `another case of this test is already named '${name}' (line ${fr ? fr.start.line + 1 : '?'}); give each case its own name`,
          { related: fr ? [{ file: ctx.file, range: fr, message: 'first case with this name' }] : undefined });
      } else names.set(name, nameNode);
    }
    const expectPair = mapPair(ctx, item, 'expect');
    const expect = expectPair ? resolve(ctx.doc, expectPair.value) : undefined;
    const empty = expect == null || (isScalar(expect) && expect.value == null) || (isMap(expect) && expect.items.length === 0);
    if (expectPair && empty) {
      ctx.report('LS116', expectPair.key as N, 'this case expects nothing, so it always passes; add e.g. `inbound: { grade: A }`');
    }
    if (isMap(expect)) for (const p of expect.items) checkExpectation(ctx, p);
  }
}

function checkExpectation(ctx: DocContext, p: Pair<unknown, unknown>): void {
  const key = keyName(p);
  const val = resolve(ctx.doc, p.value);
  if (key === undefined) return;
  if (key === 'icp') {
    const id = scalarValue(val);
    if (typeof id === 'string' && !ctx.lookup('icp', id)) {
      const r = ctx.range(val);
      const s = ctx.suggestion(id, ctx.ids('icp'), r);
      ctx.report('LS107', r, `no ICP has the id '${id}'${s.text}`, { fixes: s.fixes });
    }
  } else if (key === 'tier') {
    checkTier(ctx, val);
  } else if (key === 'sla') {
    if (isMap(val)) for (const q of val.items) checkCommitment(ctx, q);
  } else {
    const model = ctx.lookup('scoring', key);
    if (!model) {
      const r = ctx.range(p.key as N);
      const s = ctx.suggestion(key, [...ctx.ids('scoring'), ...EXPECT_WORDS], r);
      ctx.report('LS106', r, `'${key}' is not a scoring model, nor icp, tier or sla${s.text}`, { fixes: s.fixes });
      return;
    }
    if (isMap(val)) for (const q of val.items) checkOutput(ctx, q, model.value);
  }
}

function checkTier(ctx: DocContext, val: N): void {
  const t = scalarValue(val);
  if (typeof t !== 'string') return;
  const slash = t.indexOf('/');
  if (slash < 0) { ctx.report('LS108', val, `'${t}' is not <icp-id>/<tier-id>, e.g. mid-market/tier-1`); return; }
  const icp = t.slice(0, slash), tier = t.slice(slash + 1);
  const def = ctx.lookup('icp', icp);
  if (!def) {
    const r = ctx.subRange(val, 0, icp.length);
    const s = ctx.suggestion(icp, ctx.ids('icp'), r);
    ctx.report('LS108', r, `no ICP has the id '${icp}'${s.text}`, { fixes: s.fixes });
    return;
  }
  const tiers = idsOf(def.value?.tiers);
  if (!tiers.includes(tier)) {
    const r = ctx.subRange(val, slash + 1, tier.length);
    const s = ctx.suggestion(tier, tiers, r);
    ctx.report('LS108', r, `ICP '${icp}' has no tier '${tier}' (it has ${tiers.join(', ') || 'no tiers'})${s.text}`, { fixes: s.fixes });
  }
}

function checkCommitment(ctx: DocContext, q: Pair<unknown, unknown>): void {
  const name = keyName(q);
  if (name === undefined) return;
  const slash = name.indexOf('/');
  const keyNode = q.key as N;
  if (slash < 0) { ctx.report('LS109', keyNode, `'${name}' is not <sla-id>/<commitment-id>, e.g. mql-handoff/first-touch`); return; }
  const sla = name.slice(0, slash), commitment = name.slice(slash + 1);
  const def = ctx.lookup('sla', sla);
  if (!def) {
    const r = ctx.subRange(keyNode, 0, sla.length);
    const s = ctx.suggestion(sla, ctx.ids('sla'), r);
    ctx.report('LS109', r, `no SLA has the id '${sla}'${s.text}`, { fixes: s.fixes });
    return;
  }
  const ids = idsOf(def.value?.commitments);
  if (!ids.includes(commitment)) {
    const r = ctx.subRange(keyNode, slash + 1, commitment.length);
    const s = ctx.suggestion(commitment, ids, r);
    ctx.report('LS109', r, `SLA '${sla}' has no commitment '${commitment}' (it has ${ids.join(', ') || 'none'})${s.text}`, { fixes: s.fixes });
  }
}

function checkOutput(ctx: DocContext, q: Pair<unknown, unknown>, model: any): void {
  const output = keyName(q);
  const type = output === undefined ? undefined : outputType(output);
  if (!output || !type) return; // an unknown output is a shape error (LS010, with a suggestion)
  const val = resolve(ctx.doc, q.value);
  const allowed = OUTPUT_OPERATORS[type];
  const operands: N[] = [];
  if (isMap(val)) {
    for (const o of val.items) {
      const op = keyName(o);
      if (op === undefined) continue;
      if (!allowed.includes(op)) {
        ctx.report('LS110', o.key as N, `${output} is ${type === 'number' ? 'a number' : type === 'grade' ? 'a grade' : 'true or false'}: it cannot be tested with '${op}' (use ${allowed.join(', ')})`);
        continue;
      }
      operands.push(resolve(ctx.doc, o.value));
    }
  } else operands.push(val);
  if (type !== 'grade') return;
  const grades = gradesOf(model, output);
  if (!grades) return;
  for (const n of operands.flatMap((x) => (x && 'items' in x && Array.isArray((x as any).items) ? (x as any).items.map((i: unknown) => resolve(ctx.doc, i)) : [x]))) {
    const g = scalarValue(n as N);
    if (g === undefined || g === null || typeof g === 'object') continue;
    if (!grades.includes(String(g))) {
      const r = ctx.range(n as N);
      const s = ctx.suggestion(String(g), grades, r);
      ctx.report('LS111', r, `scoring model '${model?.id}' has no ${output === 'grade' ? 'grade' : 'band'} '${String(g)}' (it has ${grades.join(', ') || 'none'})${s.text}`, { fixes: s.fixes });
    }
  }
}

/** The values an output of a model can take: grades, or matrix bands and their combinations. */
function gradesOf(model: any, output: string): string[] | undefined {
  if (!model || typeof model !== 'object') return undefined;
  const fit = idsOf(model.matrix?.fit), eng = idsOf(model.matrix?.engagement);
  if (output === 'fit_grade') return model.matrix ? fit : [];
  if (output === 'engagement_grade') return model.matrix ? eng : [];
  const grades = model.matrix ? fit.flatMap((f) => eng.map((e) => f + e)) : idsOf(model.grades);
  return [...grades, 'disqualified'];
}

function idsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((x) => (x && typeof x === 'object' ? (x as { id?: unknown }).id : undefined)).filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map(String);
}
