// Diagnostic codes of the schema layer (LS010–LS039): the shape of a definition.
import { registerCodes, type CodeInfo } from '../codes.js';

export const SCHEMA_CODES: CodeInfo[] = [
  { code: 'LS010', name: 'unknown-key', severity: 'error', summary: 'A key that this place of the definition does not know (often a typo).', fix: 'Correct the spelling (the message suggests the closest key) or remove the key.' },
  { code: 'LS011', name: 'missing-key', severity: 'error', summary: 'A required key is missing (e.g. a definition without `id`, a rule without `points`).', fix: 'Add the key the message names.' },
  { code: 'LS012', name: 'wrong-type', severity: 'error', summary: 'A value has the wrong type (e.g. text where a number is needed, a single value where a list is needed).', fix: 'Write the value in the type the message names; quote text, leave numbers unquoted.' },
  { code: 'LS013', name: 'invalid-value', severity: 'error', summary: 'A value is not one of the words allowed here (e.g. `pick: frist`).', fix: 'Use one of the values the message lists.' },
  { code: 'LS014', name: 'invalid-id', severity: 'error', summary: 'A definition id does not match `^[a-z][a-z0-9-]{0,62}$`.', fix: 'Use lower-case letters, digits and `-`, starting with a letter, at most 63 characters.' },
  { code: 'LS015', name: 'invalid-format', severity: 'error', summary: 'A value is not written in its format (duration, date, datetime, working hours, reference).', fix: 'Write it as the message shows, e.g. `30d`, `2026-11-26`, `"09:00-17:00"`.' },
  { code: 'LS016', name: 'out-of-range', severity: 'error', summary: 'A list or mapping has too few or too many entries, or a number is out of range (e.g. `between` needs two values).', fix: 'Give the number of entries or the range the message names.' },
  { code: 'LS017', name: 'key-needs-another', severity: 'error', summary: 'A key only makes sense together with another one (e.g. `where` or `within` on a rule without `event`).', fix: 'Add the key the message names, or remove this one.' },
  { code: 'LS018', name: 'invalid-name', severity: 'error', summary: 'A field, event, property or calendar name is not written as a name (`^[a-z][a-z0-9_]*$`).', fix: 'Use lower-case letters, digits and `_`, starting with a letter.' },
  { code: 'LS019', name: 'schema-violation', severity: 'error', summary: 'The definition does not have the shape of its kind (other schema errors).', fix: 'Compare with the examples in docs/format.md; the hover of the key describes what it holds.' },
  { code: 'LS020', name: 'control-character', severity: 'error', summary: 'A text value or key holds a control character (NUL, ESC, CR, …; tab and line feed are allowed), often from a `\\0`, `\\x01` or `\\u0000` escape; such text is cut or misread by psql and other tools.', fix: 'Remove the character (or write it out in words); the diagnostic points at the character or its escape.' },
];
registerCodes(SCHEMA_CODES);
