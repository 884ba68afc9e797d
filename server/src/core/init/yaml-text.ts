// Writing YAML text by hand for `leadspec init`: every scalar that comes from the user's data
// (headers, enum values, ids, paths) goes through `scalar`, which leaves a plain word plain and
// quotes anything else as a JSON string (valid YAML), so no value can change the document's shape.
const PLAIN = /^(?!\.\d)[A-Za-z_./][A-Za-z0-9_ ./@+-]*$/;
const YAML_WORDS = /^(?:y|yes|n|no|true|false|on|off|null|~|\.inf|\.nan)$/i;

/** A YAML scalar for a string, safe in block and flow context. */
export function scalar(s: string): string {
  return PLAIN.test(s) && !YAML_WORDS.test(s) && s === s.trim() && !s.includes(' #') && !s.includes(': ') ? s : JSON.stringify(s);
}

/** A YAML number (integers and decimals as written by JavaScript, never in exponent form). */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(20).replace(/\.?0+$/, '') : s;
}

/** A flow sequence of strings: `[a, "b, c"]`. */
export function flowList(items: string[]): string {
  return `[${items.map(scalar).join(', ')}]`;
}

/** A `# comment` line's text with line breaks removed (comments hold data such as headers). */
export function comment(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
