// Rules and conditions that read the score in an order SPEC §5 does not compute it in: an event
// rule that also has `when:` (LS095: the engine never reads it), `mql:` testing `mql` (LS096) and
// any other score output tested before its step has run (LS097). Each such test never holds.
import { SCORE_STAGE } from '../eval/conditions.js';
import { DocContext, isMap, isSeq, keyName, resolve, type N } from './context.js';
import { mapGet, mapPair, seqItems } from './ids.js';
import { removePair } from './edits.js';
import type { Fix } from '../types.js';

/** The step each place of a scoring model runs at (see EvalCtx.scoreStage). */
const STAGE_OF: Record<string, { stage: number; what: string }> = {
  fit: { stage: 0, what: 'a fit rule' },
  engagement: { stage: 1, what: 'an engagement rule' },
  disqualify: { stage: 3, what: '`disqualify:`' },
  mql: { stage: 4, what: '`mql:`' },
};

export function checkScoreOrder(ctx: DocContext): void {
  const top = ctx.doc.yaml.contents as N;
  for (const section of ['fit', 'engagement'] as const) {
    for (const item of seqItems(ctx, mapGet(ctx, mapGet(ctx, top, section), 'rules'))) {
      const rules = mapPair(ctx, item, 'group') ? seqItems(ctx, mapGet(ctx, item, 'rules')) : [item];
      for (const rule of rules) {
        if (!isMap(rule)) continue;
        checkEventWithWhen(ctx, rule);
        const when = mapGet(ctx, rule, 'when');
        if (when !== undefined) checkCondition(ctx, when, STAGE_OF[section]);
      }
    }
  }
  for (const key of ['disqualify', 'mql']) {
    const n = mapGet(ctx, top, key);
    if (n !== undefined) checkCondition(ctx, n, STAGE_OF[key], key === 'mql');
  }
}

function checkEventWithWhen(ctx: DocContext, rule: N): void {
  const event = mapPair(ctx, rule, 'event'), when = mapPair(ctx, rule, 'when');
  if (!event || !when) return;
  const fixes: Fix[] = [];
  const dropWhen = removePair(ctx, rule, when);
  if (dropWhen) fixes.push({ title: 'Remove `when:` (points for each event)', edits: [dropWhen] });
  // Without `event:` the rule's `where`/`within`/`decay` would mean nothing: offer it only when absent.
  if (!['where', 'within', 'decay'].some((k) => mapPair(ctx, rule, k))) {
    const dropEvent = removePair(ctx, rule, event);
    if (dropEvent) fixes.push({ title: 'Remove `event:` (points once, when the condition holds)', edits: [dropEvent] });
  }
  ctx.report('LS095', when.key as N,
    'this rule has both `event:` and `when:`; an event rule scores each matching event and never reads `when`, so the condition is ignored — keep one of them (`when: { event: …, count: … }` scores once)', { fixes });
}

/** Walks a condition for score keys read before `at.stage` has computed them. */
function checkCondition(ctx: DocContext, node: N, at: { stage: number; what: string }, inMql = false, depth = 0): void {
  const n = resolve(ctx.doc, node);
  if (depth > 32) return;
  if (isSeq(n)) { for (const x of n.items) checkCondition(ctx, x as N, at, inMql, depth + 1); return; }
  if (!isMap(n)) return;
  const isEvent = n.items.some((p) => keyName(p) === 'event');
  for (const p of n.items) {
    const key = keyName(p);
    if (key === undefined) continue;
    if (key === 'all' || key === 'any' || key === 'not') { checkCondition(ctx, p.value as N, at, inMql, depth + 1); continue; }
    if (isEvent && ['event', 'where', 'within', 'count'].includes(key)) continue;
    const stage = SCORE_STAGE[key];
    if (stage === undefined || stage <= at.stage) continue;
    if (inMql && key === 'mql') {
      const drop = n.items.length > 1 ? removePair(ctx, n, p) : undefined;
      ctx.report('LS096', p.key as N, '`mql:` tests `mql` itself, which is not known while it is being decided, so this test never holds — remove it',
        { fixes: drop ? [{ title: 'Remove the `mql` test', edits: [drop], preferred: true }] : undefined });
    } else {
      ctx.report('LS097', p.key as N, `\`${key}\` is not computed yet in ${at.what} (SPEC §5 order: fit rules, engagement rules, total and grade, disqualify, mql), so this test never holds`);
    }
  }
}
