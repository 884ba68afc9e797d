// Finds, in a workspace's definition texts, the places the end-to-end checks act on: the
// catalog's fields, a condition key inside a scoring rule, a rule's points. Pure (no vscode, no
// I/O) so the browser-driven suite and the in-host suite locate the same spots the same way.
// Positions are 0-based {line, character}, like VS Code's and LSP's.
import { parseAllDocuments, isMap, isSeq, isScalar, type Document, type YAMLMap, type Node } from 'yaml';

export interface Pos { line: number; character: number }
export interface FieldInfo { name: string; type: string; description?: string }
export interface DefFile { path: string; text: string }
export interface Located { file: string; pos: Pos; length: number }

export interface KeySpot extends Located { field: FieldInfo; rule: string }
export interface PointsSpot extends Located { rule: string; points: number }

export function positionAt(text: string, offset: number): Pos {
  let line = 0;
  let last = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i + 1; }
  return { line, character: offset - last };
}

function leadspecDocs(f: DefFile): Document.Parsed[] {
  return parseAllDocuments(f.text).filter((d) => !(d instanceof Array) && d.get('leadspec') === 'v1') as Document.Parsed[];
}

export function docsOfKind(files: DefFile[], kind: string): { file: DefFile; doc: Document.Parsed }[] {
  const out: { file: DefFile; doc: Document.Parsed }[] = [];
  for (const file of files) for (const doc of leadspecDocs(file)) if (doc.get('kind') === kind) out.push({ file, doc });
  return out;
}

/** The fields of the workspace's catalog (the first `kind: fields` definition). */
export function catalogFields(files: DefFile[]): FieldInfo[] {
  const cat = docsOfKind(files, 'fields')[0];
  if (!cat) throw new Error('the workspace has no `kind: fields` definition');
  const fields = cat.doc.get('fields');
  if (!isMap(fields)) return [];
  return fields.items.map((p) => {
    const v = isMap(p.value) ? (p.value.toJSON() as Record<string, unknown>) : {};
    return { name: String(isScalar(p.key) ? p.key.value : p.key), type: String(v.type ?? ''), description: v.description as string | undefined };
  });
}

/** Every rule mapping of a scoring definition's fit and engagement sections, groups included. */
function scoringRules(doc: Document.Parsed): YAMLMap[] {
  const rules: YAMLMap[] = [];
  const walk = (seq: unknown) => {
    if (!isSeq(seq)) return;
    for (const r of seq.items) {
      if (!isMap(r)) continue;
      if (r.has('group')) walk(r.get('rules'));
      else rules.push(r);
    }
  };
  for (const section of ['fit', 'engagement']) {
    const s = doc.get(section);
    if (isMap(s)) walk(s.get('rules'));
  }
  return rules;
}

/**
 * A catalog field used as a key of a scoring rule's `when` (a field test), with the key's
 * range. Prefers a field of the given types (so a typo of it cannot be confused with another).
 */
export function conditionKeys(files: DefFile[]): KeySpot[] {
  const fields = new Map(catalogFields(files).map((f) => [f.name, f]));
  const out: KeySpot[] = [];
  for (const { file, doc } of docsOfKind(files, 'scoring')) {
    for (const rule of scoringRules(doc)) {
      const when = rule.get('when', true) as Node | undefined;
      if (!isMap(when)) continue;
      for (const pair of when.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const field = fields.get(String(pair.key.value));
        if (!field) continue;
        out.push({ file: file.path, pos: positionAt(file.text, pair.key.range[0]), length: String(pair.key.value).length,
          field, rule: String(rule.get('id')) });
      }
    }
  }
  return out;
}

/** Each scoring rule's `points` value with its range (fit and engagement, groups included). */
export function pointsSpots(files: DefFile[]): PointsSpot[] {
  const out: PointsSpot[] = [];
  for (const { file, doc } of docsOfKind(files, 'scoring')) {
    for (const rule of scoringRules(doc)) {
      const pts = rule.get('points', true) as Node | undefined;
      if (!isScalar(pts) || typeof pts.value !== 'number' || !pts.range) continue;
      const len = pts.range[1] - pts.range[0];
      out.push({ file: file.path, pos: positionAt(file.text, pts.range[0]), length: len, rule: String(rule.get('id')), points: pts.value });
    }
  }
  return out;
}

/** A plausible typo of a field name: its second-to-last letter dropped ("employees" → "employes"). */
export function typoOf(name: string): string {
  return name.length > 3 ? name.slice(0, -2) + name.slice(-1) : name + 'x';
}

/** The text with `length` characters at `pos` replaced. */
export function replaceAt(text: string, pos: Pos, length: number, by: string): string {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < pos.line; i++) offset += lines[i].length + 1;
  offset += pos.character;
  return text.slice(0, offset) + by + text.slice(offset + length);
}
