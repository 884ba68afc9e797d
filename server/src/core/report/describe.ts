// Conditions and rules in plain words, for hovers ("employees between 50 and 1000, and industry
// is SaaS or Fintech") and, in a short form, for diffs and reports ("employees 50–1000 and
// industry in SaaS, Fintech"; "engagement ≥ 60"). Written for a RevOps analyst, not a programmer.

const OP_WORDS: Record<string, string> = {
  eq: 'is', ne: 'is not', gt: 'is above', gte: 'is at least', lt: 'is below', lte: 'is at most',
  contains: 'contains', starts_with: 'starts with', ends_with: 'ends with', includes: 'includes',
};

const show = (v: unknown): string => (typeof v === 'string' ? (/^[\w.@/-]+$/.test(v) ? v : JSON.stringify(v)) : v instanceof Date ? v.toISOString() : JSON.stringify(v));
const orList = (vs: unknown[]) => (vs.length <= 1 ? vs.map(show).join('') : `${vs.slice(0, -1).map(show).join(', ')} or ${show(vs[vs.length - 1])}`);
const andList = (vs: unknown[]) => (vs.length <= 1 ? vs.map(show).join('') : `${vs.slice(0, -1).map(show).join(', ')} and ${show(vs[vs.length - 1])}`);

function fieldTest(field: string, test: unknown): string {
  if (Array.isArray(test)) return `${field} is ${orList(test)}`;
  if (test === null || typeof test !== 'object') return `${field} is ${show(test)}`;
  const parts: string[] = [];
  for (const [op, v] of Object.entries(test as Record<string, unknown>)) {
    const list = Array.isArray(v) ? v : [v];
    switch (op) {
      case 'in': parts.push(`${field} is ${orList(list)}`); break;
      case 'not_in': parts.push(`${field} is set and is none of ${orList(list)}`); break;
      case 'between': parts.push(`${field} is between ${show(list[0])} and ${show(list[1])}`); break;
      case 'includes_any': parts.push(`${field} includes any of ${orList(list)}`); break;
      case 'includes_all': parts.push(`${field} includes all of ${andList(list)}`); break;
      case 'exists': parts.push(v === false ? `${field} is missing or empty` : `${field} is set`); break;
      case 'ne': parts.push(`${field} is set and is not ${show(v)}`); break;
      default: parts.push(`${field} ${OP_WORDS[op] ?? op} ${show(v)}`);
    }
  }
  return parts.join(' and ');
}

/** A condition mapping in words. */
export function describeCondition(c: unknown, depth = 0): string {
  if (depth > 8) return '…';
  if (Array.isArray(c)) return c.map((x) => describeCondition(x, depth + 1)).join('; and ');
  if (c === null || typeof c !== 'object') return 'nothing (the condition is empty)';
  const o = c as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof o.event === 'string') parts.push(describeEventCount(o));
  for (const [k, v] of Object.entries(o)) {
    if (typeof o.event === 'string' && ['event', 'where', 'within', 'count'].includes(k)) continue;
    if (k === 'all' && Array.isArray(v)) parts.push(`all of (${v.map((x) => describeCondition(x, depth + 1)).join('; ')})`);
    else if (k === 'any' && Array.isArray(v)) parts.push(`any of (${v.map((x) => describeCondition(x, depth + 1)).join('; ')})`);
    else if (k === 'not') parts.push(`not (${describeCondition(v, depth + 1)})`);
    else if (k === 'icp') parts.push(`the lead matches ICP ${orList(Array.isArray(v) ? v : [v])}`);
    else if (k === 'tier') parts.push(`the lead is in tier ${orList(Array.isArray(v) ? v : [v])}`);
    else parts.push(fieldTest(k, v));
  }
  return parts.length ? parts.join(', and ') : 'always (no test)';
}

const COUNT_WORDS: Record<string, string> = { eq: 'exactly', ne: 'other than', gt: 'more than', gte: 'at least', lt: 'fewer than', lte: 'at most' };

/** "the lead has at least 10 page_view events where … in the last 7d". */
function describeEventCount(o: Record<string, unknown>): string {
  const where = o.where && typeof o.where === 'object' ? ` where ${describeCondition(o.where)}` : '';
  const within = typeof o.within === 'string' ? ` in the last ${o.within}` : '';
  const c = o.count;
  let count = 'at least 1';
  let one = true;
  if (typeof c === 'number') { count = `exactly ${c}`; one = c === 1; }
  else if (c && typeof c === 'object' && !Array.isArray(c)) {
    const parts: string[] = [];
    for (const [op, v] of Object.entries(c as Record<string, unknown>)) {
      if (op === 'between' && Array.isArray(v)) { parts.push(`between ${show(v[0])} and ${show(v[1])}`); one = false; }
      else if (COUNT_WORDS[op]) { parts.push(`${COUNT_WORDS[op]} ${show(v)}`); one = v === 1 && op !== 'gt' && op !== 'lt'; }
      else parts.push(`${op} ${show(v)}`);
    }
    count = parts.join(' and ');
  }
  return `the lead has ${count} ${o.event} event${one ? '' : 's'}${where}${within}`;
}

/** A scoring rule in words: "+30 points when the lead matches ICP mid-market". */
export function describeRule(rule: any, sectionDecay?: unknown): string {
  if (!rule || typeof rule !== 'object') return '';
  const pts = typeof rule.points === 'number' ? `${rule.points > 0 ? '+' : ''}${rule.points} points` : 'no points (add `points:`)';
  if (typeof rule.group === 'string') {
    const pick = rule.pick === 'first' ? 'the first matching rule counts' : rule.pick === 'max' ? 'the largest matching rule counts' : 'matching rules add up';
    return `Group ${rule.group}: ${pick}${typeof rule.max === 'number' ? `, capped at ${rule.max}` : ''}${typeof rule.min === 'number' ? `, floored at ${rule.min}` : ''}.`;
  }
  if (typeof rule.event === 'string') {
    const where = rule.where ? ` where ${describeCondition(rule.where)}` : '';
    const within = typeof rule.within === 'string' ? ` in the last ${rule.within}` : '';
    const decay = rule.decay ?? sectionDecay;
    const d = decay === 'none' || !decay ? '' : typeof (decay as any).half_life === 'string' ? `, halving every ${(decay as any).half_life} of age` : '';
    const cap = [typeof rule.max === 'number' ? `at most ${rule.max}` : '', typeof rule.min === 'number' ? `at least ${rule.min}` : ''].filter(Boolean).join(', ');
    return `${pts} for each ${rule.event} event${where}${within}${d}${cap ? ` (${cap} in all)` : ''}.`;
  }
  return `${pts} when ${describeCondition(rule.when)}.`;
}

// ---- the short form (diffs, reports, `leadspec explain`) -------------------------------------

const SYMBOLS: Record<string, string> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' };

/** One operator test without its field: "≥ 60", "in SaaS, Fintech", "between 50 and 1000". */
export function opText(op: string, v: unknown): string {
  const list = Array.isArray(v) ? v : [v];
  if (SYMBOLS[op]) return `${SYMBOLS[op]} ${show(v)}`;
  switch (op) {
    case 'in': return `in ${list.map(show).join(', ')}`;
    case 'not_in': return `not in ${list.map(show).join(', ')}`;
    case 'between': return `between ${show(list[0])} and ${show(list[1])}`;
    case 'includes_any': return `includes any of ${list.map(show).join(', ')}`;
    case 'includes_all': return `includes all of ${list.map(show).join(', ')}`;
    case 'exists': return v === false ? 'is empty' : 'is set';
    default: return `${op.replace(/_/g, ' ')} ${show(v)}`;
  }
}

/** A field's test in short form: "engagement ≥ 60", "industry in SaaS, Fintech", "country = US". */
export function testText(field: string, test: unknown): string {
  if (Array.isArray(test)) return `${field} in ${test.map(show).join(', ')}`;
  if (test === null || typeof test !== 'object' || test instanceof Date) return `${field} = ${show(test)}`;
  const ops = Object.entries(test as Record<string, unknown>);
  if (ops.length === 0) return `${field} (no test)`;
  return ops.map(([op, v]) => `${field} ${opText(op, v)}`).join(' and ');
}

/** A condition in short form: "grade = A or (fit ≥ 40 and engagement ≥ 60)". */
export function conditionText(c: unknown, depth = 0): string {
  if (depth > 8) return '…';
  if (Array.isArray(c)) return c.map((x) => conditionText(x, depth + 1)).join(' and ');
  if (c === null || typeof c !== 'object') return 'always';
  const o = c as Record<string, unknown>;
  const parts: string[] = [];
  const wrap = (x: unknown, joiner: string) => {
    const t = conditionText(x, depth + 1);
    return depth > 0 || Object.keys(o).length > 1 || / (and|or) /.test(t) && joiner === '' ? `(${t})` : t;
  };
  if (typeof o.event === 'string') parts.push(eventText(o));
  for (const [k, v] of Object.entries(o)) {
    if (typeof o.event === 'string' && ['event', 'where', 'within', 'count'].includes(k)) continue;
    if ((k === 'all' || k === 'any') && Array.isArray(v)) {
      const items = v.map((x) => { const t = conditionText(x, depth + 1); return / (and|or) /.test(t) ? `(${t})` : t; });
      const joined = items.join(k === 'all' ? ' and ' : ' or ');
      parts.push(depth > 0 || Object.keys(o).length > 1 ? `(${joined})` : joined);
    } else if (k === 'not') parts.push(`not ${wrap(v, '')}`);
    else if (k === 'icp') parts.push(`ICP ${Array.isArray(v) ? v.map(show).join(' or ') : show(v)}`);
    else if (k === 'tier') parts.push(`tier ${Array.isArray(v) ? v.map(show).join(' or ') : show(v)}`);
    else parts.push(testText(k, v));
  }
  return parts.length ? parts.join(' and ') : 'always';
}

function eventText(o: Record<string, unknown>): string {
  const count = o.count && typeof o.count === 'object' ? Object.entries(o.count as Record<string, unknown>).map(([op, v]) => opText(op, v)).join(' and ') : '≥ 1';
  const where = o.where && typeof o.where === 'object' ? ` (${conditionText(o.where, 1).replace(/^\((.*)\)$/, '$1')})` : '';
  const within = typeof o.within === 'string' ? ` in ${o.within}` : '';
  return `${count} ${o.event} event${count === "≥ 1" || /[^0-9]1$/.test(count) ? "" : "s"}${where}${within}`;
}

/** A scoring rule in short form: "+30 when ICP mid-market", "+5 per page_view (url contains /pricing) in 30d, max 20". */
export function ruleText(rule: unknown): string {
  if (!rule || typeof rule !== 'object') return '';
  const r = rule as Record<string, unknown>;
  const pts = typeof r.points === 'number' ? `${r.points > 0 ? '+' : r.points < 0 ? '−' : ''}${Math.abs(r.points)}` : '?';
  if (typeof r.group === 'string') {
    const rules = Array.isArray(r.rules) ? r.rules.length : 0;
    return `group of ${rules} rule${rules === 1 ? '' : 's'}, ${r.pick === 'first' ? 'first match counts' : r.pick === 'max' ? 'largest counts' : 'sum'}${typeof r.max === 'number' ? `, max ${r.max}` : ''}${typeof r.min === 'number' ? `, min ${r.min}` : ''}`;
  }
  if (typeof r.event === 'string') {
    const where = r.where && typeof r.where === 'object' ? ` (${conditionText(r.where, 1).replace(/^\((.*)\)$/, '$1')})` : '';
    const within = typeof r.within === 'string' ? ` in ${r.within}` : '';
    const decay = r.decay === 'none' ? ', no decay' : r.decay && typeof (r.decay as any).half_life === 'string' ? `, half-life ${(r.decay as any).half_life}` : '';
    const cap = [typeof r.max === 'number' ? `max ${r.max}` : '', typeof r.min === 'number' ? `min ${r.min}` : ''].filter(Boolean).join(', ');
    return `${pts} per ${r.event}${where}${within}${decay}${cap ? `, ${cap}` : ''}`;
  }
  return `${pts} when ${conditionText(r.when)}`;
}

/** A value as the short forms show it (exported for reports). */
export const showValue = show;
