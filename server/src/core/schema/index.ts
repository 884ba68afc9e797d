// Schema diagnostics (LS010–LS039) of leadspec documents: the shape of each definition,
// checked against schemas/leadspec.schema.json (generated from source.ts).
import './codes.js';
import { isBroken, type LeadspecDoc, type ParsedFile } from '../syntax/parse.js';
import type { Diagnostic } from '../types.js';
import { validateValue } from './validator.js';
import { mapSchemaErrors } from './map-errors.js';
import { controlCharDiagnostics } from './control-chars.js';

export { SCHEMA_CODES } from './codes.js';
export { leadspecSchema, compileAllSchemas } from './validator.js';
export { schemaFiles } from './source.js';

/** Schema diagnostics of one document; none when the YAML itself is broken (fix that first). */
export function schemaDiagnostics(doc: LeadspecDoc): Diagnostic[] {
  return [...controlCharDiagnostics(doc), ...shapeDiagnostics(doc)];
}

function shapeDiagnostics(doc: LeadspecDoc): Diagnostic[] {
  const v = doc.value;
  if (v === undefined || v === null || typeof v !== 'object' || Array.isArray(v)) return [];
  if (isBroken(doc)) return [];
  const errors = validateValue(v);
  return errors.length ? mapSchemaErrors(doc, errors) : [];
}

/** Schema diagnostics of every leadspec document of a parsed file. */
export function schemaDiagnosticsOfFile(file: ParsedFile): Diagnostic[] {
  return file.docs.flatMap((d) => schemaDiagnostics(d));
}
