// The starter project `leadspec init` writes: a catalog from the inferred columns, an ICP and a
// scoring model built on the fields a CRM export usually has (company size, industry, country,
// job title, e-mail, opt-out, events), an SLA on a business calendar in the user's time zone, and
// `kind: test` cases. The grade thresholds and the test expectations are computed by simulating
// the model over the user's own leads with the engine, so `validate`, `simulate` and `test`
// agree with what was written. Pure: texts in, texts out.
import { parseFile } from '../syntax/parse.js';
import { compileProject, definitionsOf, resolveAsOf, simulate } from '../eval/simulate.js';
import { leadFromObject, loadLeadsFromText } from '../data/leads.js';
import { evaluateLead } from '../eval/simulate.js';
import { isoUtc } from '../results.js';
import type { InferredCatalog, InferredColumn, InferredEvent } from './infer.js';
import { comment, flowList, num, scalar } from './yaml-text.js';

export interface StarterInput {
  catalog: InferredCatalog;
  events?: InferredEvent[];
  timezone: string;
  /** Project id (from the folder's name). */
  projectId: string;
  /** Paths written into leadspec.yaml, relative to the project folder. */
  leadsPath: string;
  eventsPath?: string;
  /** The data itself, to calibrate grades and pin the test cases. */
  leads: { text: string; file: string };
  eventsData?: { text: string; file: string };
}

export interface StarterFile { path: string; text: string }
export interface Starter { files: StarterFile[]; notes: string[]; summary: { leads: number; grades: Record<string, number>; mql: number } }

export const MODEL_ID = 'lead-score';
export const ICP_ID = 'core-market';
const HEADER = (what: string) => `# ${what}\n# Written by \`leadspec init\`; edit it freely. The format: docs/format.md of LeadSpec.\n`;

/** 347 → 300, 1,800 → 2,000: thresholds a person would write. */
export function nice(x: number): number {
  if (!(x > 0)) return 0;
  const m = 10 ** Math.floor(Math.log10(x));
  return Number(Math.max(m, Math.round(x / m) * m).toPrecision(12));
}
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))];

interface Roles {
  size?: InferredColumn; revenue?: InferredColumn; industry?: InferredColumn; country?: InferredColumn;
  seniority?: InferredColumn; title?: InferredColumn; email?: InferredColumn; optout?: InferredColumn;
  created?: InferredColumn; mqlAt?: InferredColumn; touch?: InferredColumn;
}

/** Which inferred fields play which part, by name and type. */
function rolesOf(cols: InferredColumn[]): Roles {
  const fields = cols.filter((c) => c.name !== 'id' && !c.flag);
  const find = (types: string[], re: RegExp, not?: RegExp) => fields.find((c) => types.includes(c.type) && re.test(c.name) && !(not && not.test(c.name)));
  const numeric = ['integer', 'number'];
  return {
    size: find(numeric, /employ|headcount|staff|company_size|team_size|seats/),
    revenue: find(numeric, /revenue|arr$|^arr|turnover|annual/),
    industry: find(['enum'], /industry|vertical|sector|segment/),
    country: find(['enum'], /country|region|geo|market|state/),
    seniority: find(['enum'], /seniority|level|persona|role|title|position/),
    title: find(['string'], /title|position|role/),
    email: find(['string'], /e_?mail/),
    optout: find(['boolean'], /unsub|opt_?out|opted_out|do_not|bounce/),
    created: find(['datetime', 'date'], /creat|sign_?up|added|first_seen/),
    mqlAt: find(['datetime'], /mql|marketing_qualified/),
    touch: find(['datetime'], /touch|contacted|first_contact|first_call|response|outreach|engagement/, /creat/),
  };
}

const SENIOR = /(^|[^a-z])(vp|vice|chief|cxo|ceo|cfo|cto|coo|cmo|cro|director|head|owner|founder|executive|president|partner)([^a-z]|$)/i;
const PERSONAL_DOMAINS = ['@gmail.com', '@yahoo.com', '@hotmail.com', '@outlook.com'];

function fieldsYaml(cols: InferredColumn[], events: InferredEvent[] | undefined, extra: string[]): string {
  const id = cols.find((c) => c.name === 'id');
  const lines = [HEADER('The lead catalog: every column of the export, typed from its values.') + 'leadspec: v1\nkind: fields\nid: crm'];
  if (id && id.header !== 'id') lines.push(`id_column: ${scalar(id.header)}                 # the export's lead id column`);
  lines.push('fields:');
  for (const c of cols) {
    if (c.name === 'id') continue;
    const parts = [`type: ${c.type}`];
    if (c.values) parts.push(`values: ${flowList(c.values)}`);
    if (c.header !== c.name) parts.push(`column: ${scalar(c.header)}`);
    lines.push(`  # ${comment(c.flag ? `could not type: ${c.flag}` : `${c.type}: ${c.reason}`)}`);
    lines.push(`  ${c.name}: { ${parts.join(', ')} }`);
  }
  lines.push(...extra);
  const declared = (events ?? []).filter((e) => e.name);
  if (declared.length) {
    lines.push('events:');
    for (const e of declared) {
      const props = Object.entries(e.properties);
      lines.push(`  ${e.name}: {${props.length ? ` properties: { ${props.map(([k, t]) => `${k}: ${t}`).join(', ')} } ` : ''}}${e.count ? `   # ${e.count} in the sample` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

interface Rule { id: string; when?: string; event?: string; points: number; extra?: string }

function icpYaml(r: Roles, cols: InferredColumn[]): { text: string; tier: boolean } {
  const match: string[] = [];
  let tier1: number | undefined;
  if (r.size?.sorted?.length) {
    const lo = nice(quantile(r.size.sorted, 0.25));
    if (lo > 0) match.push(`${r.size.name}: { gte: ${num(lo)} }`);
    const hi = nice(quantile(r.size.sorted, 0.75));
    if (hi > lo) tier1 = hi;
  }
  if (r.industry?.top?.length) {
    const top = coverHalf(r.industry.top);
    if (top.length < r.industry.top.length) match.push(`${r.industry.name}: ${flowList(top)}`);
  }
  if (!match.length) {
    const e = cols.find((c) => c.type === 'enum' && c.top && c.top.length > 1 && !c.flag);
    const n = cols.find((c) => (c.type === 'integer' || c.type === 'number') && c.sorted?.length && !c.flag);
    const any = cols.find((c) => c.name !== 'id');
    if (e) match.push(`${e.name}: ${flowList(coverHalf(e.top!))}`);
    else if (n && nice(quantile(n.sorted!, 0.5)) > 0) match.push(`${n.name}: { gte: ${num(nice(quantile(n.sorted!, 0.5)))} }`);
    else if (any) match.push(`${any.name}: { exists: true }`);
  }
  let text = HEADER('The ideal customer profile: which leads sales wants. Tighten it to your market.') +
    `leadspec: v1\nkind: icp\nid: ${ICP_ID}\ntitle: Core market\nmatch:\n${match.map((m) => `  ${m}\n`).join('')}`;
  if (r.email) text += `exclude:\n  any:\n${PERSONAL_DOMAINS.slice(0, 2).map((d) => `    - ${r.email!.name}: { ends_with: ${scalar(d)} }\n`).join('')}`;
  if (tier1 !== undefined) text += `tiers:\n  - { id: tier-1, when: { ${r.size!.name}: { gte: ${num(tier1)} } } }\n  - { id: tier-2 }\n`;
  return { text, tier: tier1 !== undefined };
}

/** The most frequent values that together make at least half of the filled cells (at most 3). */
function coverHalf(top: [string, number][]): string[] {
  const total = top.reduce((s, [, n]) => s + n, 0);
  const out: string[] = [];
  let sum = 0;
  for (const [v, n] of top) {
    out.push(v); sum += n;
    if (sum * 2 >= total || out.length === 3) break;
  }
  return out;
}

function fitRules(r: Roles, cols: InferredColumn[], tier: boolean): string[] {
  const rules: string[] = [`    - { id: in-icp, when: { icp: ${ICP_ID} }, points: 30 }`];
  if (tier) rules.push(`    - { id: top-tier, when: { tier: ${ICP_ID}/tier-1 }, points: 10 }`);
  if (r.size?.sorted?.length) {
    const bands = [...new Set([0.9, 0.75, 0.5].map((q) => nice(quantile(r.size!.sorted!, q))))].filter((x) => x > 0).sort((a, b) => b - a);
    const pts = [30, 20, 10], names = ['large', 'mid', 'small'];
    if (bands.length) {
      rules.push('    - group: company-size              # only the largest band that holds counts', '      pick: first', '      rules:');
      bands.forEach((b, i) => rules.push(`        - { id: ${names[i]}, when: { ${r.size!.name}: { gte: ${num(b)} } }, points: ${pts[i]} }`));
    }
  }
  if (r.revenue?.sorted?.length) {
    const t = nice(quantile(r.revenue.sorted, 0.75));
    if (t > 0) rules.push(`    - { id: high-revenue, when: { ${r.revenue.name}: { gte: ${num(t)} } }, points: 15 }`);
  }
  if (r.industry?.top?.length) rules.push(`    - { id: top-industry, when: { ${r.industry.name}: ${flowList(coverHalf(r.industry.top))} }, points: 10 }`);
  if (r.country?.top?.length) rules.push(`    - { id: home-market, when: { ${r.country.name}: ${flowList([r.country.top[0][0]])} }, points: 5 }`);
  const senior = r.seniority?.values?.filter((v) => SENIOR.test(v));
  if (r.seniority && senior?.length) rules.push(`    - { id: senior, when: { ${r.seniority.name}: ${flowList(senior)} }, points: 20 }`);
  else if (r.title) {
    rules.push('    - id: senior-title', '      when:', '        any:');
    for (const w of ['vp', 'director', 'head', 'chief']) rules.push(`          - ${r.title.name}: { contains: ${w} }`);
    rules.push('      points: 20');
  }
  if (r.email) {
    rules.push('    - id: personal-email', '      when:', '        any:');
    for (const d of PERSONAL_DOMAINS) rules.push(`          - ${r.email.name}: { ends_with: ${scalar(d)} }`);
    rules.push('      points: -15');
  }
  if (r.optout) rules.push(`    - { id: opted-out, when: { ${r.optout.name}: true }, points: -30 }`);
  if (rules.length < 3) {
    // A thin export: a point for each yes/no flag and the most common value of an enum.
    for (const c of cols.filter((x) => !x.flag && x.name !== 'id' && x !== r.optout)) {
      if (rules.length >= 4) break;
      if (c.type === 'boolean') rules.push(`    - { id: ${ruleId(c.name)}, when: { ${c.name}: true }, points: 5 }`);
      else if (c.type === 'enum' && c !== r.industry && c !== r.country && c.top && c.top.length > 1) rules.push(`    - { id: ${ruleId(c.name)}, when: { ${c.name}: ${flowList([c.top[0][0]])} }, points: 5 }`);
    }
  }
  return rules;
}

const ruleId = (name: string) => name.replace(/_/g, '-').slice(0, 60).replace(/-+$/, '');

function engagementRules(events: InferredEvent[] | undefined): string[] {
  const declared = (events ?? []).filter((e) => e.name).slice(0, 10);
  if (!declared.length) return [];
  const out = ['engagement:                           # what they did; an event is worth half after 30 days', '  max: 100', '  decay: { half_life: 30d }', '  rules:'];
  for (const e of declared) {
    const id = ruleId(e.name!);
    if (/unsub|bounce|spam|opt_?out/.test(e.name!)) out.push(`    - { id: ${id}, event: ${e.name}, points: -30, decay: none }`);
    else if (/demo|trial|contact|meeting|pricing|quote|sign_?up|request|call/.test(e.name!)) out.push(`    - { id: ${id}, event: ${e.name}, points: 20, max: 40, within: 90d }`);
    else out.push(`    - { id: ${id}, event: ${e.name}, points: 5, max: 15, within: 90d }`);
  }
  return out;
}

function scoringYaml(fit: string[], engagement: string[], grades: { a: number; b?: number }): string {
  const g = [`  - { id: A, min: ${num(grades.a)}, description: Call today }`];
  if (grades.b !== undefined) g.push(`  - { id: B, min: ${num(grades.b)}, description: Call this week }`);
  g.push('  - { id: C, description: Nurture }');
  return HEADER('The scoring model: points for who a lead is (fit) and what it did (engagement).') +
    `leadspec: v1\nkind: scoring\nid: ${MODEL_ID}\ntitle: Starter lead score\nfit:                                  # who they are\n  max: 100\n  rules:\n${fit.join('\n')}\n` +
    (engagement.length ? `${engagement.join('\n')}\n` : '') +
    `total: sum\ngrades:                               # high to low; set from this export: about the top 20% are A\n${g.join('\n')}\nmql: { grade: A }\n`;
}

function slaYaml(r: Roles, timezone: string): { text: string; extraFields?: string[]; note?: string } {
  const calendar = `calendars:\n  office:\n    timezone: ${scalar(timezone)}\n    hours: { weekdays: "09:00-17:00" }\n    holidays: []                    # add your public holidays as YYYY-MM-DD\n`;
  const head = HEADER('Service levels: how fast sales follows up, on a business calendar.') + `leadspec: v1\nkind: sla\nid: handoff\n${calendar}commitments:\n`;
  const response = (start: string, stop: string) => `  - id: first-touch\n    owner: sales\n    scoring: ${MODEL_ID}\n    applies_to: { mql: true }\n    start: ${start}\n    stop: ${stop}\n    within: 4h\n    calendar: office\n`;
  if (r.touch && (r.mqlAt || r.created?.type === 'datetime')) {
    const start = (r.mqlAt ?? r.created)!.name;
    return { text: head + response(start, r.touch.name) };
  }
  if (r.created || r.mqlAt) {
    const date = (r.mqlAt ?? r.created)!.name;
    return {
      text: head + `  - id: weekly-mqls\n    owner: marketing\n    type: volume\n    scoring: ${MODEL_ID}\n    count: { mql: true }\n    per: week\n    date: ${date}\n    target: { gte: 1 }                # set the weekly target your team agreed\n    calendar: office\n`,
      note: `the export has no first-touch time, so the SLA counts MQLs per week by ${date}; add a column such as "First Contact Date" for a response-time commitment`,
    };
  }
  return {
    text: head + response('mql_at', 'first_touch_at'),
    extraFields: [
      '  # not in the export yet: add these columns to measure the first-touch SLA',
      '  mql_at: { type: datetime }',
      '  first_touch_at: { type: datetime }',
    ],
    note: 'the export has no date columns: the SLA reads mql_at and first_touch_at, declared in fields.yaml but not in the file yet',
  };
}

/** Thresholds so that about 20% of the leads are A and 30% B, from the simulated totals. */
export function gradeThresholds(totals: number[]): { a: number; b?: number } | undefined {
  if (!totals.length) return undefined;
  const desc = [...totals].sort((x, y) => y - x);
  const at = (share: number) => Math.floor(desc[Math.max(0, Math.ceil(share * desc.length) - 1)]);
  const min = desc[desc.length - 1];
  let a = at(0.2);
  if (a <= min) a = Math.floor(min) + 1;             // never "everyone is A"
  if (a > desc[0]) return undefined;                  // all totals equal: no data to set it from
  const b = at(0.5);
  return b < a && b > min ? { a, b } : { a };
}

/** Builds the starter project; the command adds the workflow and writes the files. */
export function starterProject(input: StarterInput): Starter {
  const cols = input.catalog.columns;
  const r = rolesOf(cols);
  const notes: string[] = [];
  const icp = icpYaml(r, cols);
  const sla = slaYaml(r, input.timezone);
  if (sla.note) notes.push(sla.note);
  const fields = fieldsYaml(cols, input.events, sla.extraFields ?? []);
  const fit = fitRules(r, cols, icp.tier);
  const engagement = engagementRules(input.events);
  const maxFit = 100;
  const project = HEADER('The LeadSpec project: where the sample leads are. `leadspec simulate`, `diff` and the editor read them.') +
    `leadspec: v1\nkind: project\nid: ${input.projectId}\nsamples:\n  leads: ${scalar(input.leadsPath)}\n${input.eventsPath ? `  events: ${scalar(input.eventsPath)}\n` : ''}`;

  // Calibrate: simulate once with provisional grades, set the thresholds from the totals. The
  // leads are loaded once (the catalog does not change between the two runs).
  const compile = (scoring: string) => compileProject(definitionsOf(
    [['leadspec.yaml', project], ['fields.yaml', fields], ['icp.yaml', icp.text], ['scoring.yaml', scoring], ['sla.yaml', sla.text]]
      .map(([f, t]) => parseFile(f, t))));
  const firstCp = compile(scoringYaml(fit, engagement, { a: maxFit }));
  const loaded = loadLeadsFromText(firstCp.catalog, input.leads, input.eventsData);
  const asOf = resolveAsOf(undefined, firstCp, loaded.leads);
  const simulateWith = (cp: typeof firstCp) => ({ cp, asOf, result: simulate(cp, loaded.leads, asOf.ms, [...loaded.warnings]) });
  const provisional = simulateWith(firstCp);
  const totals = provisional.result.leads.map((l) => l.scores[MODEL_ID]?.total).filter((t): t is number => typeof t === 'number');
  const grades = gradeThresholds(totals) ?? { a: Math.max(1, Math.round(maxFit * 0.6)), b: Math.max(1, Math.round(maxFit * 0.3)) };
  if (!gradeThresholds(totals)) notes.push('every lead of the export scores the same, so the grade thresholds are a guess (60 and 30 points)');
  const scoring = scoringYaml(fit, engagement, grades);
  const final = simulateWith(compile(scoring));

  // Tests: the top and the bottom lead of the export, and a lead with nothing filled in.
  const scored = final.result.leads.filter((l) => l.scores[MODEL_ID]);
  const cases: string[] = [];
  const expectOf = (s: { grade: string; mql: boolean }) => `{ ${MODEL_ID}: { grade: ${scalar(s.grade)}, mql: ${s.mql} } }`;
  if (scored.length) {
    const top = scored.reduce((m, l) => (l.scores[MODEL_ID].total > m.scores[MODEL_ID].total ? l : m));
    const bottom = scored.reduce((m, l) => (l.scores[MODEL_ID].total < m.scores[MODEL_ID].total ? l : m));
    cases.push(`  - name: ${scalar(`the best lead of the export (${top.id}) keeps grade ${top.scores[MODEL_ID].grade}`)}\n    sample: ${scalar(top.id)}\n    expect: ${expectOf(top.scores[MODEL_ID])}`);
    if (bottom.id !== top.id) cases.push(`  - name: ${scalar(`the weakest lead of the export (${bottom.id}) stays grade ${bottom.scores[MODEL_ID].grade}`)}\n    sample: ${scalar(bottom.id)}\n    expect: ${expectOf(bottom.scores[MODEL_ID])}`);
  }
  const empty = leadFromObject({ id: 'empty-lead' }, final.cp.catalog).lead;
  if (empty) {
    const s = evaluateLead(final.cp, empty, final.asOf.ms).scores[MODEL_ID];
    if (s) cases.push(`  - name: a lead with nothing filled in is grade ${s.grade} and not an MQL\n    lead: { id: empty-lead }\n    expect: ${expectOf(s)}`);
  }
  const tests = HEADER('Cases that must keep passing: `leadspec test` runs them, and so does the editor.\n# The expectations were computed from the export when the project was written.') +
    `leadspec: v1\nkind: test\nid: starter\nas_of: ${isoUtc(final.asOf.ms)}\ncases:\n${cases.join('\n')}\n`;

  const summary = final.result.summary.scoring[MODEL_ID];
  return {
    files: [
      { path: 'leadspec.yaml', text: project },
      { path: 'fields.yaml', text: fields },
      { path: 'icp.yaml', text: icp.text },
      { path: 'scoring.yaml', text: scoring },
      { path: 'sla.yaml', text: sla.text },
      { path: 'tests.yaml', text: tests },
    ],
    notes,
    summary: { leads: final.result.leads.length, grades: summary?.grades ?? {}, mql: summary?.mql ?? 0 },
  };
}
