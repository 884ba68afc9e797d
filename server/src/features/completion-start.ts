// Completion before a file is a leadspec definition: in an empty file (or one with only
// comments) `leadspec: v1` and a skeleton per kind, each a snippet that validates once filled in.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { looksLikeLeadspec } from '../core/syntax/parse.js';
import type { Range } from '../core/types.js';

const SKELETONS: [kind: string, detail: string, body: string][] = [
  ['fields', 'the lead catalog: fields and events', 'id: ${1:crm}\ntitle: ${2:CRM lead fields}\nfields:\n  ${3:employees}: { type: ${4|integer,number,string,enum,boolean,date,datetime,list|}, description: ${5:Company headcount} }\nevents:\n  ${6:page_view}: { properties: { ${7:url}: string } }\n'],
  ['icp', 'an ideal customer profile with tiers', 'id: ${1:mid-market}\ntitle: ${2:Mid-market accounts}\nmatch:\n  ${3:employees}: { between: [${4:50}, ${5:1000}] }\ntiers:\n  - { id: ${6:tier-1}, when: { ${7:employees}: { gte: ${8:200} } } }\n  - { id: ${9:tier-2} }\n'],
  ['scoring', 'a scoring model: fit, engagement, grades, MQL', 'id: ${1:inbound}\ntitle: ${2:Inbound scoring}\nfit:\n  rules:\n    - { id: ${3:in-icp}, when: { icp: ${4:mid-market} }, points: ${5:30} }\nengagement:\n  decay: { half_life: ${6:30d} }\n  rules:\n    - { id: ${7:demo}, event: ${8:demo_request}, points: ${9:40}, max: ${10:40} }\ngrades:\n  - { id: A, min: ${11:80} }\n  - { id: B, min: ${12:50} }\n  - { id: C }\nmql: { grade: A }\n'],
  ['sla', 'service levels: a calendar and a commitment', 'id: ${1:mql-handoff}\ntitle: ${2:MQL handoff}\ncalendars:\n  ${3:us}:\n    timezone: ${4:America/New_York}\n    hours: { weekdays: "${5:09:00-17:00}" }\ncommitments:\n  - id: ${6:first-touch}\n    applies_to: { mql: true }\n    start: ${7:mql_at}\n    stop: ${8:first_touch_at}\n    within: ${9:4h}\n    clock: business\n'],
  ['test', 'expectations: leads and what they must score', 'id: ${1:inbound-cases}\ntitle: ${2:Who is an MQL}\ncases:\n  - name: ${3:A VP who books a demo is an MQL}\n    lead: { id: ${4:t-1}, ${5:employees}: ${6:500} }\n    expect:\n      ${7:inbound}: { mql: ${8:true} }\n'],
  ['project', 'the project: sample data and the diff base', 'id: ${1:revops}\ntitle: ${2:Lead management}\nsamples:\n  leads: ${3:leads.csv}\n  events: ${4:events.jsonl}\nbase: ${5:main}\n'],
];

/** Items for a text with no `leadspec:` line yet, when the cursor is at the start of a line. */
export function startCompletions(text: string, offset: number): CompletionItem[] | undefined {
  if (looksLikeLeadspec(text)) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (!/^[A-Za-z_:-]*$/.test(before)) return undefined;
  // Only comments and blank lines above: the definition starts here.
  if (text.slice(0, lineStart).split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) return undefined;
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_:-]/.test(text[end])) end++;
  const line = text.slice(0, lineStart).split('\n').length - 1;
  const range: Range = { start: { line, character: 0 }, end: { line, character: end - lineStart } };
  const items: CompletionItem[] = [{
    label: 'leadspec: v1', kind: CompletionItemKind.Keyword, detail: 'starts a LeadSpec definition', sortText: '0',
    documentation: { kind: MarkupKind.Markdown, value: 'Marks the file as a LeadSpec definition (format version 1). Then `kind:` and `id:`.' },
    textEdit: { range, newText: 'leadspec: v1\nkind: ' }, insertText: 'leadspec: v1\nkind: ',
  }];
  for (const [kind, detail, body] of SKELETONS) {
    const snippet = `leadspec: v1\nkind: ${kind}\n${body}`;
    items.push({
      label: `${kind} definition`, kind: CompletionItemKind.Snippet, detail, sortText: `1${kind}`,
      insertTextFormat: InsertTextFormat.Snippet, insertText: snippet, textEdit: { range, newText: snippet },
      documentation: { kind: MarkupKind.Markdown, value: '```yaml\n' + snippet.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1') + '```' },
    });
  }
  return items;
}
