// Column mapping of a `kind: fields` catalog (an extension of the format, docs/format.md): a
// field's `column:` and the catalog's `id_column:` name the headers of a CRM export. Codes
// LS130–LS134 belong to onboarding (`leadspec init` writes these mappings).
// Stable: never renumber or reuse a code. docs/diagnostics.md's table is generated from this list.
import { registerCodes, type CodeInfo } from '../codes.js';
import type { Range } from '../types.js';
import { DocContext, isMap, keyName, resolve, scalarValue, type N } from './context.js';

export const COLUMN_CODES: CodeInfo[] = [
  { code: 'LS130', name: 'ambiguous-column', severity: 'error', summary: 'Two fields (or a field and `id_column`) read the same column of the leads file, or a field\'s `column:` is another field\'s name, so a value would land in the wrong field.', fix: 'Give each field its own column (headers compare case-insensitively), or remove the extra `column:`.' },
];
registerCodes(COLUMN_CODES);

/** LS130: every header of the leads file maps to one name at most. */
export function checkColumns(ctx: DocContext, top: N): void {
  const doc = ctx.doc;
  if (!isMap(top)) return;
  const readers = new Map<string, { who: string; range: Range | undefined }>(); // lower-cased header → first reader
  const fieldNames = new Set<string>();
  const mapped: { field: string; header: string; range: Range | undefined }[] = [];
  const idPair = top.items.find((p) => keyName(p) === 'id_column');
  const idHeader = idPair ? scalarValue(resolve(doc, idPair.value)) : undefined;
  if (typeof idHeader === 'string' && idHeader.trim() !== '') readers.set(idHeader.trim().toLowerCase(), { who: '`id_column`', range: ctx.range(idPair!.value as any) });
  const fields = resolve(doc, top.items.find((p) => keyName(p) === 'fields')?.value);
  if (!isMap(fields)) return;
  for (const p of fields.items) {
    const name = keyName(p);
    if (name === undefined) continue;
    fieldNames.add(name.toLowerCase());
    const decl = resolve(doc, p.value);
    const colPair = isMap(decl) ? decl.items.find((q) => keyName(q) === 'column') : undefined;
    const header = colPair ? scalarValue(resolve(doc, colPair.value)) : undefined;
    if (typeof header === 'string' && header.trim() !== '') mapped.push({ field: name, header: header.trim(), range: ctx.range(colPair!.value as any) });
  }
  for (const m of mapped) {
    const key = m.header.toLowerCase();
    const first = readers.get(key);
    if (first) ctx.report('LS130', m.range, `column '${m.header}' is already read by ${first.who}; each column of the leads file can fill one field`);
    else if (fieldNames.has(key) && key !== m.field.toLowerCase()) ctx.report('LS130', m.range, `column '${m.header}' is the name of the field '${key}', which reads that column too; map another header or rename the field`);
    else readers.set(key, { who: `the field '${m.field}'`, range: m.range });
  }
}
