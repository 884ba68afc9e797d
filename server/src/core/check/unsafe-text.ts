// Characters no definition string may hold (SPEC-level rule of docs/sql.md): C0 control
// characters other than tab and line feed, DEL, and lone UTF-16 surrogates. psql reads its input
// line by line and drops what follows a NUL on a line, which flips the quote parity of the rest;
// terminals act on ESC; a lone surrogate is not a character and turns into U+FFFD on the way out.
// Tab and line feed stay allowed: descriptions are multi-line, and both are plain text inside a
// SQL string literal. (YAML itself turns CR LF line breaks into LF, so a CR can only come from a
// `\r` escape, which is refused like the other controls.) Shared by the schema check (LS020) and
// the SQL compiler's literals, which refuse the same characters (defence in depth).

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_G = new RegExp(UNSAFE.source, 'g');

/** Index of the first unsafe character of `s`, or -1. */
export function unsafeCharIndex(s: string): number {
  const m = UNSAFE.exec(s);
  return m ? m.index : -1;
}

/** Every index of an unsafe character of `s`. */
export function unsafeCharIndexes(s: string): number[] {
  const out: number[] = [];
  UNSAFE_G.lastIndex = 0;
  for (let m = UNSAFE_G.exec(s); m; m = UNSAFE_G.exec(s)) out.push(m.index);
  return out;
}

/** True when the code point (or lone surrogate) is unsafe. */
export function isUnsafeCode(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f || (c >= 0xd800 && c <= 0xdfff);
}

const NAMES: Record<number, string> = { 0: 'NUL', 7: 'BEL', 8: 'BS', 0x0b: 'VT', 0x0c: 'FF', 0x0d: 'CR', 0x1b: 'ESC', 0x7f: 'DEL' };

/** `U+0000 (NUL)`, `U+0001`, `U+D800 (a lone surrogate)`. */
export function describeCode(c: number): string {
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c >= 0xd800 && c <= 0xdfff) return `${hex} (a lone surrogate, not a character)`;
  return NAMES[c] ? `${hex} (${NAMES[c]})` : hex;
}
