// Writes schemas/*.schema.json from server/src/core/schema/source.ts (the single source), and
// schemas/catalog.json, the SchemaStore-style catalog (server/src/core/schema/catalog.ts), and the
// umbrella schema's validator compiled ahead (server/src/core/schema/validate.generated.ts).
// Run: npm run schemas   (test/unit/schema-files.test.ts fails when the files are stale).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaFiles } from '../server/src/core/schema/source.js';
import { schemaCatalog } from '../server/src/core/schema/catalog.js';
import { GENERATED_VALIDATOR, validatorCode } from './validator-code.js';

export function renderSchemaFile(schema: unknown): string { return JSON.stringify(schema, null, 2) + '\n'; }

const dir = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
for (const [name, schema] of Object.entries(schemaFiles())) {
  writeFileSync(join(dir, name), renderSchemaFile(schema));
  console.log(`wrote schemas/${name}`);
}
writeFileSync(join(dir, 'catalog.json'), renderSchemaFile(schemaCatalog()));
console.log('wrote schemas/catalog.json');
writeFileSync(join(dir, '..', GENERATED_VALIDATOR), validatorCode());
console.log(`wrote ${GENERATED_VALIDATOR}`);
