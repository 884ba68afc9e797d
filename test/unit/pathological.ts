// Generators of pathological leadspec files (one shape each, n repetitions; no template literals, so
// that test/unit/fastyaml.test.ts's corpus of inline YAML does not pick up fragments) for the linear-time
// tests of test/unit/linear-time.test.ts, test/cli/validate-large.test.ts and the protocol suite.
const CATALOG = 'leadspec: v1\nkind: fields\nid: crm\nfields:\n  a: { type: string }\n';

export const SHAPES = {
  /** n unknown top-level keys (LS010 each). */
  unknownKeys(n: number): string {
    const out = [CATALOG];
    for (let i = 0; i < n; i++) out.push('x' + i + ': 1\n');
    return out.join('');
  },
  /** n repeats of 'id:' in one mapping (LS002 each). */
  duplicateKeys(n: number): string {
    const out = [CATALOG];
    for (let i = 0; i < n; i++) out.push('id: crm\n');
    return out.join('');
  },
  /** n anchors, each used once by the next item (the yaml library resolves each alias by a scan). */
  aliases(n: number): string {
    const out = [CATALOG, 'x:\n'];
    for (let i = 0; i < n; i++) out.push('  - &a' + i + ' v\n  - *a' + i + '\n');
    return out.join('');
  },
  /** A valid scoring model with n rules (and its catalog). */
  rules(n: number): string {
    const out = ['leadspec: v1\nkind: scoring\nid: m\nfields: crm\nfit:\n  rules:\n'];
    for (let i = 0; i < n; i++) out.push('    - { id: r' + i + ', when: { a: x }, points: 1 }\n');
    out.push('grades:\n  - { id: A }\n---\n', CATALOG);
    return out.join('');
  },
  /**
   * A scoring model with n rules, each wrong twice: a misspelt key (`pionts`, LS010 with a
   * did-you-mean) and an id that repeats every 10 rules (LS043-style duplicate ids).
   */
  brokenRules(n: number): string {
    const out = ['leadspec: v1\nkind: scoring\nid: m\nfields: crm\nfit:\n  rules:\n'];
    for (let i = 0; i < n; i++) out.push('    - { id: r' + (i % 10) + ', when: { a: x }, pionts: 1 }\n');
    out.push('grades:\n  - { id: A }\n---\n', CATALOG);
    return out.join('');
  },
  /** n fields of the catalog, each with a misspelt key (LS010 with a did-you-mean each). */
  nestedTypos(n: number): string {
    const out = ['leadspec: v1\nkind: fields\nid: crm\nfields:\n'];
    for (let i = 0; i < n; i++) out.push('  f' + i + ': { type: string, descripton: x }\n');
    return out.join('');
  },
};

export type Shape = keyof typeof SHAPES;
