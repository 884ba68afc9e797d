// The schemas as a SchemaStore-style catalog (schemas/catalog.json): which file names are
// LeadSpec definitions, and where their schema is. Editors that read a schema store
// (yaml-language-server's `yaml.schemaStore.url`, JetBrains IDEs) then validate and complete
// `leadspec.yaml` and `*.leadspec.yaml` with no setting in the file. The same file names are the
// extension's `yamlValidation` in package.json (a test keeps the two equal).
import { SCHEMA_BASE } from './source.js';

/** File names that are LeadSpec definitions without a modeline. */
export const LEADSPEC_FILE_MATCH = ['leadspec.yaml', 'leadspec.yml', '*.leadspec.yaml', '*.leadspec.yml'];

export interface SchemaCatalog {
  $schema: string;
  version: 1;
  schemas: { name: string; description: string; fileMatch: string[]; url: string }[];
}

export function schemaCatalog(): SchemaCatalog {
  return {
    $schema: 'https://json.schemastore.org/schema-catalog.json',
    version: 1,
    schemas: [{
      name: 'LeadSpec',
      description: 'Ideal customer profiles, lead-scoring models, SLAs and tests as YAML (leadspec: v1)',
      fileMatch: LEADSPEC_FILE_MATCH,
      url: `${SCHEMA_BASE}leadspec.schema.json`,
    }],
  };
}
