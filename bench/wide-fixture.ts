// A wide catalog for the wide benchmark (bench/wide.bench.ts): a CRM export has 50–150 lead
// fields, the simulate bench's has 16. The workspace is samples/ with its catalog widened by
// EXTRA fields of every type (text, enum, integer, number, boolean, datetime, list), the samples'
// own fields spread among them, and the leads are the simulate bench's (bench/simulate-fixture.ts,
// same seed: the same 16 cells) with a cell for each extra field from a second seeded stream
// (a quarter of them blank, as in real exports). The events are the simulate bench's file. With
// `rules`, the workspace also holds a model whose rules read extra fields spread over the catalog.
// Deterministic: the same files every time; written once into bench/out/ (git-ignored).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, writeFixtureFiles, AS_OF } from './simulate-fixture.js';
import { rng } from './prng.js';

export const EXTRA = 64;
const TYPES = ['string', 'enum', 'integer', 'number', 'boolean', 'datetime', 'list'] as const;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const ENUM = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
const ITEMS = ['crm', 'erp', 'bi', 'cdp', 'etl', 'iam'];

/** Extra field k: its name and type (x00_string, x01_enum, …). */
export const extraField = (k: number) => ({ name: `x${String(k).padStart(2, '0')}_${TYPES[k % TYPES.length]}`, type: TYPES[k % TYPES.length] });

/** The sample catalog's fields (fields.yaml's lines under `fields:`, one entry each, comments dropped), in order. */
function sampleFieldEntries(): string[][] {
  const lines = readFileSync('samples/fields.yaml', 'utf8').split('\n');
  const from = lines.indexOf('fields:') + 1, to = lines.indexOf('events:');
  const entries: string[][] = [];
  for (const l of lines.slice(from, to)) {
    if (/^\s*#/.test(l) || l.trim() === '') continue;
    if (/^ {2}\S/.test(l)) entries.push([l]); else entries.at(-1)!.push(l);
  }
  return entries;
}

/** The wide catalog's field order: the sample fields spread evenly among the extra ones. */
export function wideOrder(): { name: string; sample: boolean }[] {
  const sample = sampleFieldEntries().map((e) => e[0].trim().split(':')[0]);
  const out: { name: string; sample: boolean }[] = [];
  const every = Math.floor(EXTRA / sample.length);
  for (let k = 0, s = 0; k < EXTRA || s < sample.length; k++) {
    if (s < sample.length && (k % every === 0 || k >= EXTRA)) out.push({ name: sample[s++], sample: true });
    if (k < EXTRA) out.push({ name: extraField(k).name, sample: false });
  }
  return out;
}

function fieldsYaml(): string {
  const entries = new Map(sampleFieldEntries().map((e) => [e[0].trim().split(':')[0], e]));
  const lines = readFileSync('samples/fields.yaml', 'utf8').split('\n');
  const head = lines.slice(0, lines.indexOf('fields:') + 1), tail = lines.slice(lines.indexOf('events:'));
  const body: string[] = [];
  for (const f of wideOrder()) {
    if (f.sample) { body.push(...entries.get(f.name)!); continue; }
    const t = extraField(Number(f.name.slice(1, 3))).type;
    body.push(t === 'enum' ? `  ${f.name}: { type: enum, values: [${ENUM.join(', ')}] }` : t === 'integer' || t === 'number' ? `  ${f.name}: { type: ${t}, min: 0 }` : `  ${f.name}: { type: ${t} }`);
  }
  return [...head, ...body, ...tail].join('\n');
}

/** A scoring model whose rules read every fourth extra field (all types), spread over the catalog. */
function wideModel(): string {
  const rules: string[] = [];
  for (let k = 1; k < EXTRA; k += 4) {
    const { name, type } = extraField(k);
    const test = type === 'string' ? `{ contains: "7" }` : type === 'enum' ? `[beta, delta]` : type === 'integer' ? `{ gte: 500 }`
      : type === 'number' ? `{ between: [1000, 60000] }` : type === 'boolean' ? 'true' : type === 'datetime' ? `{ gte: ${iso(AS_OF - 30 * DAY)} }` : `{ includes_any: [crm, cdp] }`;
    rules.push(`    - { id: w${k}, when: { ${name}: ${test} }, points: ${1 + (k % 9)} }`);
  }
  return ['leadspec: v1', 'kind: scoring', 'id: wide', 'title: Rules over a wide catalog', 'fit:', '  max: 100', '  rules:', ...rules,
    'engagement:', '  max: 100', '  rules:', '    - { id: demo, event: demo_request, points: 40, max: 40 }',
    'total: sum', 'grades:', '  - { id: A, min: 60 }', '  - { id: B, min: 30 }', '  - { id: C }', ''].join('\n');
}

/** Writes the wide workspace into `dir` (samples' definitions, the wide catalog, with `rules` the wide model); returns its project file. */
export function writeWideWorkspace(dir: string, rules: boolean): string {
  for (const sub of ['', 'icps', 'scoring']) mkdirSync(join(dir, sub), { recursive: true });
  for (const f of ['leadspec.yaml', 'sla.yaml', 'icps/enterprise.yaml', 'icps/mid-market.yaml', 'scoring/inbound.yaml', 'scoring/product-led.yaml']) copyFileSync(join('samples', f), join(dir, f));
  writeFileSync(join(dir, 'fields.yaml'), fieldsYaml());
  if (rules) writeFileSync(join(dir, 'scoring', 'wide.yaml'), wideModel());
  return join(dir, 'leadspec.yaml');
}

/** An extra field's cell for one lead (a quarter blank). */
function extraCell(type: string, r: () => number): string {
  if (r() < 0.25) return '';
  switch (type) {
    case 'enum': return ENUM[Math.floor(r() * ENUM.length)];
    case 'integer': return String(Math.floor(r() * 1000));
    case 'number': return (r() * 100000).toFixed(2);
    case 'boolean': return r() < 0.5 ? 'true' : 'false';
    case 'datetime': return iso(AS_OF - Math.floor(r() * 90 * DAY));
    case 'list': return ITEMS.filter(() => r() < 0.3).join(';');
    default: return `v${Math.floor(r() * 100000)}`;
  }
}

/**
 * A generator of wide lead records: the simulate bench's record i (same seed, so the same cells)
 * with the extra fields' cells, keys in the wide catalog's order. Call leadRecord in order 0, 1, ….
 */
export function wideFixture(leads: number, seed = 42): { leadRecord(i: number): Record<string, string>; eventRecord(): Record<string, unknown> } {
  const f = fixture(leads, seed);
  const r = rng(seed ^ 0x77de);
  const order = wideOrder();
  return {
    leadRecord(i: number) {
      const base = f.leadRecord(i);
      const rec: Record<string, string> = { id: base.id };
      for (const o of order) {
        if (o.sample) { if (Object.hasOwn(base, o.name)) rec[o.name] = base[o.name]; }
        else rec[o.name] = extraCell(extraField(Number(o.name.slice(1, 3))).type, r);
      }
      return rec;
    },
    eventRecord: f.eventRecord,
  };
}

const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The files of `leads` × `events`: the simulate bench's (bench/out/sim-L-E/, written if missing)
 * and the wide leads.csv beside them in bench/out/wide-L-E/ (the events file is the simulate bench's).
 */
export async function writeWideFiles(leads: number, events: number): Promise<{ narrow: { leads: string; events: string }; wide: { leads: string; events: string } }> {
  const narrow = await writeFixtureFiles(join('bench', 'out', `sim-${leads}-${events}`), leads, events);
  const dir = join('bench', 'out', `wide-${leads}-${events}`);
  const wide = { leads: join(dir, 'leads.csv'), events: narrow.events };
  if (!existsSync(join(dir, 'done'))) {
    mkdirSync(dir, { recursive: true });
    // As writeFixtureFiles does: the header from a first record, then the rows from the same stream.
    const g = wideFixture(leads);
    const header = Object.keys(g.leadRecord(0));
    const { createWriteStream } = await import('node:fs');
    const ws = createWriteStream(wide.leads);
    let buf = header.join(',') + '\n';
    for (let i = 0; i < leads; i++) {
      const r = g.leadRecord(i);
      buf += header.map((h) => cell(r[h] ?? '')).join(',') + '\n';
      if (buf.length > 1 << 16) { if (!ws.write(buf)) await new Promise<void>((res) => ws.once('drain', () => res())); buf = ''; }
    }
    ws.write(buf);
    await new Promise<void>((res) => ws.end(() => res()));
    writeFileSync(join(dir, 'done'), 'ok\n');
  }
  return { narrow, wide };
}

// `node --import tsx bench/wide-fixture.ts LEADS EVENTS` writes the files (used by wide.bench.ts).
if (process.argv[1] && /wide-fixture\.ts$/.test(process.argv[1])) {
  const [l, e] = process.argv.slice(2).map(Number);
  writeWideFiles(l || 100_000, e || 1_000_000).then((p) => console.log(p.wide.leads, p.wide.events));
}
