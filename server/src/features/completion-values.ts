// Completion items for the values of a scoring model's outputs: its grades (or matrix bands),
// each documented with its threshold and description, minus the ones a list already holds.
import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { gradesOf } from './knowledge.js';
import { PLACEHOLDER } from './cursor.js';

/** Grade (key 'grade') or band ('fit_grade', 'engagement_grade') items of `model`. */
export function gradeItems(model: any, key: string, listed: unknown[] = []): CompletionItem[] {
  const have = new Set(listed.filter((x) => x !== PLACEHOLDER && x !== null && typeof x !== 'object').map((x) => String(x).trim().toLowerCase()));
  const list = key === 'fit_grade' ? model?.matrix?.fit : key === 'engagement_grade' ? model?.matrix?.engagement : model?.grades;
  const axis = key === 'fit_grade' ? 'fit' : key === 'engagement_grade' ? 'engagement' : 'total';
  const byId = new Map<string, any>((Array.isArray(list) ? list : []).map((g: any) => [String(g?.id), g]));
  return gradesOf(model, key).filter((g) => !have.has(g.toLowerCase())).map((g, i) => {
    const def = byId.get(g);
    const doc = g === 'disqualified' ? 'The lead matched `disqualify:` (never an MQL).'
      : def ? [typeof def.min === 'number' ? `${axis} ≥ ${def.min}` : 'catch-all (no min)', typeof def.description === 'string' ? def.description : ''].filter(Boolean).join(' — ')
      : 'A matrix grade: fit band followed by engagement band.';
    return { label: g, kind: CompletionItemKind.EnumMember, detail: key === 'grade' ? 'grade' : `${axis} band`, sortText: String(i).padStart(4, '0'), documentation: { kind: MarkupKind.Markdown, value: doc } };
  });
}
