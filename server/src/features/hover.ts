// Hover: a field's type and description, a rule's meaning in plain words, an id's definition,
// the schema's description of a key, and — with sample leads — how many leads a condition,
// rule, tier or ICP matches.
import { gradeConversionLine } from './calibration.js';
import { gateHoverLine } from './gate.js';
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { relative } from 'node:path';
import type { LeadspecHost } from './host.js';
import type { SampleView } from './samples.js';
import type { CountScope } from './sample-engine.js';
import { percent } from './samples.js';
import { nodeAtPath, offsetAt, pathAtOffset, positionAt, rangeOfNode, type LeadspecDoc, type PathSegment } from '../core/syntax/parse.js';
import type { Position } from '../core/types.js';
import { descriptionAt } from './schema-nav.js';
import { catalogFor, locateCondition, modelFor, keyType } from './knowledge.js';
import { describeCondition, describeRule } from '../core/report/describe.js';
import type { SymbolOccurrence } from '../core/check/workspace.js';

const get = (v: any, path: readonly PathSegment[]) => path.reduce((o, k) => (o && typeof o === 'object' ? o[k as any] : undefined), v);

export async function hover(host: LeadspecHost, samples: SampleView | undefined, file: string, pos: Position): Promise<Hover | null> {
  const ws = host.index();
  const f = ws.parsed(file);
  if (!f) return null;
  const offset = offsetAt(f, pos);
  const doc = f.docs.find((d) => d.yaml.range && d.yaml.range[0] <= offset && offset <= d.yaml.range[2]);
  if (!doc) return null;
  const at = pathAtOffset(doc, offset);
  const parts: string[] = [];
  const hit = ws.symbolAt(file, pos);
  if (hit) parts.push(...symbolHover(host, samples, hit.symbol));
  // A field tested in a condition: also the test in words and how many sample leads pass it.
  if (!hit || (hit.symbol.kind === 'field' && !hit.isDefinition)) parts.push(...await conditionHover(host, samples, doc, at.path, at.onKey, !!hit));
  if (parts.length === 0 && at.onKey) {
    const d = descriptionAt(doc.value, at.path);
    if (d) parts.push(`**${String(at.path[at.path.length - 1])}** — ${d}`);
  }
  // Where a count would be, the gate's one line (features/gate.ts), once.
  if (parts.includes(GATED)) {
    const refused = samples?.refused();
    parts.splice(0, parts.length, ...parts.filter((p) => p !== GATED), ...(refused ? [gateHoverLine(refused, host.roots[0])] : []));
  }
  if (parts.length === 0) return null;
  const range = hit ? hit.symbol.range : rangeOfNode(f, at.node);
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, ...(range ? { range } : {}) };
}

/** Stands for "a sample count would be here, but the definitions have errors" until hover() words it. */
const GATED = '\u0000gated';
const gated = (samples: SampleView | undefined): string[] => (samples?.configured() && samples.refused() ? [GATED] : []);

function sampleLine(samples: SampleView | undefined, n: number | undefined, total: number | undefined, what = 'matches'): string[] {
  if (!samples) return [];
  if (n === undefined || total === undefined) return gated(samples);
  return [`Sample leads: ${what} **${n}** of ${total} (${percent(n, total)})`];
}

async function conditionHover(host: LeadspecHost, samples: SampleView | undefined, doc: LeadspecDoc, path: PathSegment[], onKey: boolean, fieldShown = false): Promise<string[]> {
  const value = doc.value;
  const out: string[] = [];
  const last = path[path.length - 1];
  // A condition root key (`when`, `match`, `mql`…): the whole condition in words.
  const asRoot = locateCondition(doc.kind, value, path);
  if (onKey && asRoot && asRoot.root.length === path.length) {
    const cond = get(value, path);
    out.push(`**${String(last)}** — holds when ${describeCondition(cond)}.`);
    const count = await samples?.count(cond, scopeOf(host, doc, asRoot.root));
    out.push(...sampleLine(samples, count?.matched, count?.total));
    // The model's MQLs also exclude disqualified leads: say how many there are, as the model's hover does.
    const mqls = doc.kind === 'scoring' && last === 'mql' && path.length === 1 && doc.id ? samples?.summary()?.summary.scoring[doc.id]?.mql : undefined;
    if (mqls !== undefined && count) out.push(`MQL **${mqls}** of ${count.total} (${percent(mqls, count.total)}): the leads this holds for that are not disqualified.`);
    return out;
  }
  // A key inside a condition: the field (or special key) and the test it makes.
  const loc = path.length > 0 ? locateCondition(doc.kind, value, path.slice(0, -1)) : undefined;
  if (onKey && loc && loc.at.state === 'cond' && typeof last === 'string' && !['all', 'any', 'not'].includes(last)) {
    const cat = catalogFor(host, value);
    const type = keyType(last, cat, loc.event);
    if (fieldShown) { /* the symbol hover described the field */ }
    else if (loc.where && loc.event) out.push(`**property** \`${last}\` of event \`${loc.event}\`: ${type ?? 'undeclared'}`);
    else if (last === 'icp' || last === 'tier' || last === 'event') out.push(`**${last}** — ${descriptionAt(value, path) ?? ''}`);
    else if (type === 'grade' || type === 'number' && ['fit', 'engagement', 'total'].includes(last) || ['mql', 'disqualified'].includes(last)) out.push(`**score output** \`${last}\`: the lead's ${last} in the scoring model.`);
    else {
      const field = cat?.catalog.fields.get(last);
      if (field) {
        const desc = cat!.descriptions.get(last);
        const values = field.values?.length ? ` — values: ${field.values.join(', ')}` : '';
        out.push(`**field** \`${last}\`: ${field.type ?? '?'}${values}${desc ? `\n\n${desc}` : ''}`);
      } else out.push(`**${last}**: not a field of the catalog`);
    }
    const sub = { [last]: get(value, path) };
    out.push(`Test: ${describeCondition(sub)}.`);
    if (!loc.where) {
      const count = await samples?.count(sub, scopeOf(host, doc, loc.root));
      out.push(...sampleLine(samples, count?.matched, count?.total));
    }
  }
  return out;
}

/**
 * Where a condition's score keys read from: inside a scoring model, its own outputs as known at
 * the condition's step (SPEC §5: fit rules see none, engagement rules see fit, `disqualify` sees
 * total and grade, `mql` all but itself); in an SLA, the commitment's model's final result.
 */
function scopeOf(host: LeadspecHost, doc: LeadspecDoc, root: readonly PathSegment[]): CountScope {
  if (doc.kind === 'scoring') {
    const stage = root[0] === 'fit' ? 0 : root[0] === 'engagement' ? 1 : root[0] === 'disqualify' ? 3 : 4;
    return { model: doc.id, stage };
  }
  if (doc.kind === 'sla') return { model: modelFor(host, doc.kind, doc.value, root)?.id };
  return {};
}

function symbolHover(host: LeadspecHost, samples: SampleView | undefined, s: SymbolOccurrence): string[] {
  const ws = host.index();
  const [symKind, defKind, defId, ...rest] = s.key.split(':');
  const name = rest.join(':');
  const run = samples?.summary();
  const total = run?.total;
  const where = (d: LeadspecDoc) => {
    const root = host.roots[0];
    const file = root ? relative(root, d.file.file) : d.file.file;
    // the `id:` line (the document may start with comments)
    const idKey = nodeAtPath(d, ['id'])?.key as { range?: [number, number, number] } | undefined;
    const line = idKey?.range ? positionAt(d.file, idKey.range[0]).line : d.range.start.line;
    return `${file}:${line + 1}`;
  };
  const owner = symKind === 'definition' ? undefined : ws.lookup(defKind, defId);
  switch (symKind) {
    case 'definition': {
      const d = ws.lookup(defKind, defId);
      if (!d) return [`**${defKind}** \`${defId}\` — not defined in this workspace`];
      const v = d.value ?? {};
      const out = [`**${defKind}** \`${defId}\`${v.title ? ` — ${v.title}` : ''}`];
      if (v.description) out.push(String(v.description));
      if (v.owner) out.push(`Owner: ${v.owner}`);
      out.push(`Defined in ${where(d)}`);
      if (defKind === 'icp') {
        out.push(`Matches when ${describeCondition(v.match)}${v.exclude ? `, unless ${describeCondition(v.exclude)}` : ''}.`);
        out.push(...sampleLine(samples, run?.summary.icps[defId]?.matched, total));
      }
      if (defKind === 'scoring' && run?.summary.scoring[defId]) {
        const sm = run.summary.scoring[defId];
        out.push(`Sample leads: ${Object.entries(sm.grades).map(([g, n]) => `${g} ${n}`).join(' · ')}; MQL **${sm.mql}** of ${total} (${percent(sm.mql, total ?? 0)})`);
      } else if (defKind === 'scoring' || defKind === 'sla') out.push(...gated(samples));
      return out;
    }
    case 'field': case 'event': case 'property': {
      const cat = owner ? catalogFor(host, { kind: 'x', fields: defId }) : undefined;
      const c = cat?.catalog;
      if (symKind === 'field') {
        const fd = c?.fields.get(name);
        const desc = cat?.descriptions.get(name);
        return [`**field** \`${name}\`: ${fd?.type ?? 'undeclared'}${fd?.values?.length ? ` — values: ${fd.values.join(', ')}` : ''}`, ...(desc ? [desc] : []), `Catalog \`${defId}\``];
      }
      if (symKind === 'event') {
        const ev = c?.events.get(name);
        const props = ev ? [...ev.properties].map(([k, t]) => `${k} (${t})`).join(', ') : '';
        return [`**event** \`${name}\`${props ? ` — properties: ${props}` : ''}`, ...(cat?.descriptions.get(`event:${name}`) ? [cat!.descriptions.get(`event:${name}`)!] : []), `Catalog \`${defId}\``];
      }
      const [ev, prop] = name.split('/');
      return [`**property** \`${prop}\` of event \`${ev}\`: ${c?.events.get(ev)?.properties.get(prop) ?? 'undeclared'}`];
    }
    case 'rule': case 'group': {
      const found = findRule(owner?.value, name, symKind === 'group');
      if (!found) return [`**${symKind}** \`${name}\``];
      const out = [`**${symKind}** \`${name}\` (${found.section}${found.group ? `, group ${found.group}` : ''}) — ${describeRule(found.rule, owner?.value?.[found.section]?.decay)}`];
      if (found.rule.description) out.push(String(found.rule.description));
      const rules = run?.summary.scoring[defId]?.rules;
      if (symKind === 'rule') out.push(...sampleLine(samples, rules ? rules[found.group ? `${found.group}/${name}` : name] ?? 0 : undefined, total, 'contributes to'));
      return out;
    }
    case 'tier': case 'persona': {
      const list = owner?.value?.[symKind === 'tier' ? 'tiers' : 'personas'];
      const item = Array.isArray(list) ? list.find((t: any) => String(t?.id) === name) : undefined;
      const out = [`**${symKind}** \`${name}\` of ICP \`${defId}\` — ${item?.when ? `when ${describeCondition(item.when)}` : symKind === 'tier' ? 'catch-all: every matching lead not in an earlier tier' : 'no condition'}`];
      const summary = run?.summary.icps[defId];
      out.push(...sampleLine(samples, !summary ? undefined : symKind === 'tier' ? summary.tiers[name] ?? 0 : summary.personas?.[name] ?? 0, total, 'holds'));
      return out;
    }
    case 'grade': case 'band': {
      const [axis, band] = symKind === 'band' ? name.split('/') : [undefined, name];
      const list = axis ? owner?.value?.matrix?.[axis] : owner?.value?.grades;
      const item = Array.isArray(list) ? list.find((g: any) => String(g?.id) === band) : undefined;
      const out = [`**${symKind}** \`${band}\`${axis ? ` (${axis} band)` : ''} of \`${defId}\` — ${typeof item?.min === 'number' ? `${axis ?? 'total'} ≥ ${item.min}` : 'catch-all (no min)'}`];
      const grades = run?.summary.scoring[defId]?.grades;
      if (!axis) out.push(...sampleLine(samples, grades ? grades[band] ?? 0 : undefined, total, 'graded'));
      if (!axis) out.push(...gradeConversionLine(run?.backtest, defId, band));
      return out;
    }
    case 'calendar': {
      const cal = owner?.value?.calendars?.[name];
      const hours = cal?.hours && typeof cal.hours === 'object' ? Object.entries(cal.hours).map(([k, v]) => `${k} ${v}`).join('; ') : '';
      return [`**calendar** \`${name}\` — ${cal?.timezone ?? 'no time zone'}${hours ? `, ${hours}` : ''}${Array.isArray(cal?.holidays) ? `, ${cal.holidays.length} holiday(s)` : ''}`];
    }
    case 'commitment': {
      const list = owner?.value?.commitments;
      const c = Array.isArray(list) ? list.find((x: any) => String(x?.id) === name) : undefined;
      const what = c?.type === 'volume' ? `count leads per ${c?.per}, target ${JSON.stringify(c?.target)}` : `from \`${c?.start}\`${c?.stop !== undefined ? ` to \`${c.stop}\`` : ''} within ${c?.within} (${c?.clock ?? 'business'} clock)`;
      const out = [`**commitment** \`${defId}/${name}\` — ${what}`];
      const sla = run?.summary.sla[`${defId}/${name}`];
      if (sla) out.push(`Sample leads: ${slaText({ ...sla, per: c?.per })}`);
      else out.push(...gated(samples));
      return out;
    }
    default:
      return [`**${symKind}** \`${name}\``];
  }
}

/**
 * A commitment's sample result in one line. A volume commitment whose periods would take more
 * than `maxChars` is summed up ("2 of 13 weeks met · latest 2026-W47: 38 ✓"): a code lens is one short line.
 */
export function slaText(sla: any, maxChars = Infinity): string {
  if (sla && 'periods' in sla) {
    const periods = Object.entries<any>(sla.periods);
    if (periods.length === 0) return 'no leads counted';
    const all = periods.map(([p, v]) => `${p}: ${v.count} ${v.met ? '✓' : '✗'}`).join(' · ');
    if (all.length <= maxChars) return all;
    const met = periods.filter(([, v]) => v.met).length;
    const [lp, lv] = periods[periods.length - 1];
    const unit = typeof sla.per === 'string' ? sla.per : /W\d+$/.test(lp) ? 'week' : 'period';
    return `${met} of ${periods.length} ${unit}s met · latest ${lp}: ${lv.count} ${lv.met ? '✓' : '✗'}`;
  }
  const att = sla?.attainment;
  return `attainment ${att === null || att === undefined ? 'n/a' : percent(att, 1)} · met ${sla?.met ?? 0} · breached ${sla?.breached ?? 0} · open ${sla?.open ?? 0}`;
}

/** A rule (or group) of a scoring model by id, with its section and group. */
export function findRule(model: any, id: string, isGroup = false): { rule: any; section: string; group?: string } | undefined {
  for (const section of ['fit', 'engagement']) {
    const rules = model?.[section]?.rules;
    if (!Array.isArray(rules)) continue;
    for (const r of rules) {
      if (isGroup && r?.group === id) return { rule: r, section };
      if (!isGroup && typeof r?.group !== 'string' && String(r?.id) === id) return { rule: r, section };
      if (!isGroup && Array.isArray(r?.rules)) for (const m of r.rules) if (String(m?.id) === id) return { rule: m, section, group: String(r.group) };
    }
  }
  return undefined;
}

