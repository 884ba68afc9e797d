// Scoring models (SPEC §5): rules and groups, events and decay, weights, grades or matrix
// bands, and the grades that `mql` / `disqualify` test.
import type { LeadspecDoc } from '../syntax/parse.js';
import { DocContext, isMap, isScalar, resolve, scalarValue, type N } from './context.js';
import { checkCondition, checkEventRef, type CondEnv, type ScoreModel } from './conditions.js';
import { checkDuration } from './durations.js';
import { LocalIds, itemKey, mapGet, mapPair, seqItems } from './ids.js';
import type { Catalog } from './catalog.js';
import { checkScoreOrder } from './score-order.js';

const modelCache = new WeakMap<LeadspecDoc, ScoreModel>();

/** The grades and bands of a scoring document, as conditions elsewhere may test them. */
export function scoreModelOf(doc: LeadspecDoc): ScoreModel {
  const hit = modelCache.get(doc);
  if (hit) return hit;
  const v = doc.value && typeof doc.value === 'object' ? doc.value : {};
  const ids = (list: unknown) => Array.isArray(list)
    ? list.map((b: any) => b?.id).filter((x: unknown) => typeof x === 'string' || typeof x === 'number').map(String) : [];
  const model: ScoreModel = { id: String(v.id ?? ''), grades: ids(v.grades) };
  if (v.matrix && typeof v.matrix === 'object') model.matrix = { fit: ids(v.matrix.fit), engagement: ids(v.matrix.engagement) };
  modelCache.set(doc, model);
  return model;
}

export function checkScoring(ctx: DocContext, catalog: Catalog | undefined): void {
  const top = ctx.doc.yaml.contents as N;
  const model = scoreModelOf(ctx.doc);
  const env: CondEnv = { catalog, where: 'a scoring model', score: { model } };
  const ruleIds = new LocalIds(ctx, 'rule', 'rule');
  const groupIds = new LocalIds(ctx, 'group', 'group');
  for (const section of ['fit', 'engagement'] as const) {
    const s = mapGet(ctx, top, section);
    if (!isMap(s)) continue;
    checkClamp(ctx, s, `section '${section}'`);
    checkDecay(ctx, mapGet(ctx, s, 'decay'));
    for (const item of seqItems(ctx, mapGet(ctx, s, 'rules'))) {
      if (!isMap(item)) continue;
      if (mapPair(ctx, item, 'group')) {
        const gname = groupIds.add(mapGet(ctx, item, 'group')) ?? 'group';
        checkClamp(ctx, item, `group '${gname}'`);
        const members = seqItems(ctx, mapGet(ctx, item, 'rules'));
        for (const r of members) if (isMap(r)) checkRule(ctx, r, env, ruleIds);
        checkGroupContributes(ctx, item, gname, members);
      } else {
        checkRule(ctx, item, env, ruleIds);
      }
    }
  }
  const grades = mapPair(ctx, top, 'grades');
  if (grades) checkBands(ctx, mapGet(ctx, top, 'grades'), 'grade', 'grade', '', 'total');
  const matrix = mapGet(ctx, top, 'matrix');
  if (isMap(matrix)) {
    for (const axis of ['fit', 'engagement'] as const) {
      if (mapPair(ctx, matrix, axis)) checkBands(ctx, mapGet(ctx, matrix, axis), 'band', `${axis} band`, `${axis}/`, axis);
    }
  }
  for (const key of ['disqualify', 'mql']) {
    const n = mapGet(ctx, top, key);
    if (n !== undefined) checkCondition(ctx, n, env);
  }
  checkScoreOrder(ctx);
}

function num(ctx: DocContext, node: N, key: string): number | undefined {
  const v = scalarValue(mapGet(ctx, node, key));
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** `min` greater than `max` on a section, group or rule (LS072). */
function checkClamp(ctx: DocContext, node: N, what: string): void {
  const min = num(ctx, node, 'min'), max = num(ctx, node, 'max');
  if (min !== undefined && max !== undefined && min > max) {
    ctx.report('LS072', mapPair(ctx, node, 'min')?.key as N, `${what} has min ${min} above max ${max}, so its value is undefined — make min ≤ max`);
  }
}

function checkDecay(ctx: DocContext, decay: N): void {
  if (isMap(decay)) {
    const hl = mapPair(ctx, decay, 'half_life');
    if (hl) checkDuration(ctx, resolve(ctx.doc, hl.value), { what: 'half_life', halfLife: true });
  }
}

function checkRule(ctx: DocContext, rule: N, env: CondEnv, ids: LocalIds): void {
  const idNode = itemKey(ctx, rule);
  const id = ids.add(idNode) ?? 'rule';
  const eventPair = mapPair(ctx, rule, 'event');
  if (eventPair) {
    const info = checkEventRef(ctx, resolve(ctx.doc, eventPair.value), env.catalog);
    const where = mapGet(ctx, rule, 'where');
    if (where !== undefined && info) checkCondition(ctx, where, env, info);
    const within = mapPair(ctx, rule, 'within');
    if (within) checkDuration(ctx, resolve(ctx.doc, within.value), { what: 'within' });
    checkDecay(ctx, mapGet(ctx, rule, 'decay'));
  }
  const when = mapPair(ctx, rule, 'when');
  if (when) checkCondition(ctx, mapGet(ctx, rule, 'when'), env);
  checkClamp(ctx, rule, `rule '${id}'`);
  const pointsPair = mapPair(ctx, rule, 'points');
  if (!pointsPair) return; // the schema requires points (LS011)
  const points = scalarValue(resolve(ctx.doc, pointsPair.value));
  if (typeof points !== 'number') return; // the schema reports a non-number
  const max = num(ctx, rule, 'max'), min = num(ctx, rule, 'min');
  const pr = resolve(ctx.doc, pointsPair.value);
  if (points === 0) ctx.report('LS071', pr, `rule '${id}' gives 0 points, so it never changes the score`);
  else if (points > 0 && max !== undefined && max <= 0) ctx.report('LS071', mapGet(ctx, rule, 'max'), `rule '${id}' gives positive points but max: ${max} cuts them all, so it never raises the score`);
  else if (points < 0 && min !== undefined && min >= 0) ctx.report('LS071', mapGet(ctx, rule, 'min'), `rule '${id}' gives negative points but min: ${min} cuts them all, so it never lowers the score`);
}

function checkGroupContributes(ctx: DocContext, group: N, name: string, members: N[]): void {
  const points = members.map((r) => scalarValue(mapGet(ctx, r, 'points'))).filter((p): p is number => typeof p === 'number');
  if (points.length === 0) return;
  const max = num(ctx, group, 'max'), min = num(ctx, group, 'min');
  if (max !== undefined && max <= 0 && points.every((p) => p >= 0)) {
    ctx.report('LS071', mapGet(ctx, group, 'max'), `group '${name}' has max: ${max} and only positive points, so it never raises the score`);
  } else if (min !== undefined && min >= 0 && points.every((p) => p <= 0)) {
    ctx.report('LS071', mapGet(ctx, group, 'min'), `group '${name}' has min: ${min} and only negative points, so it never lowers the score`);
  }
}

/**
 * Grades or matrix bands: ordered high to low by `min`, the last without `min` (the catch-all),
 * no catch-all before the end. `score` names the score the bands read.
 */
function checkBands(ctx: DocContext, list: N, kind: 'grade' | 'band', label: string, prefix: string, score: string): void {
  const ids = new LocalIds(ctx, kind, label, prefix);
  const items = seqItems(ctx, list).filter((b) => isMap(b));
  let prev: { id: string; min: number } | undefined;
  let catchAll: string | undefined;
  items.forEach((band, i) => {
    const idNode = itemKey(ctx, band);
    const id = ids.add(idNode) ?? `#${i + 1}`;
    const at = idNode ?? band;
    const minPair = mapPair(ctx, band, 'min');
    const minNode = minPair ? resolve(ctx.doc, minPair.value) : undefined;
    const min = isScalar(minNode) && typeof minNode.value === 'number' ? minNode.value : undefined;
    const last = i === items.length - 1;
    if (catchAll !== undefined) return; // already reported at the catch-all
    if (!minPair) {
      if (!last) ctx.report('LS067', at, `${label} '${id}' has no min, so it catches every ${score} score and the ${label}s after it are never reached — give it a min or move it to the end`);
      catchAll = id;
      return;
    }
    if (min === undefined) return;
    if (prev && min >= prev.min) {
      ctx.report('LS065', minNode, `${label} '${id}' (min ${min}) is not below the ${label} before it, '${prev.id}' (min ${prev.min}), so it is never reached — list ${label}s from the highest min to the lowest`);
    }
    if (last) ctx.report('LS066', minPair.key as N, `the last ${label} '${id}' has a min, so ${/^[aeiou]/.test(score) ? 'an' : 'a'} ${score} score below ${min} gets no ${label} — remove its min to make it the catch-all`);
    if (!prev || min < prev.min) prev = { id, min };
  });
}
