// Checks the arithmetic of every Markdown table a report prints (used by the report tests):
// before + Δ = after; a total row ("all", "in scope", "these periods", "all after") is the sum of
// the rows above it; an "all before" column is the sum of its row; MQL / ICP before + gained −
// lost = after; a "moved by" cell's effects add up to the row's Δ.
export interface TableCheck { tables: number; errors: string[] }

const TOTAL_ROWS = new Set(['all', 'in scope', 'these periods', 'all after']);

/** A cell as a number: "+81", "−81", "0", "·" (0); undefined when it is not a number. */
export function cellNumber(cell: string): number | undefined {
  const t = cell.replace(/\*\*/g, '').trim();
  if (t === '·') return 0;
  const m = /^([+−-]?)(\d+(?:\.\d+)?)$/.exec(t);
  if (!m) return undefined;
  return (m[1] === '−' || m[1] === '-' ? -1 : 1) * Number(m[2]);
}

/** The effects listed in a "moved by" cell: "demo 40 → 60 (+20), senior +20 (new), 3 more +1.5, rounding +0.01". */
export function movedByEffects(cell: string): number[] {
  return cell.split(', ').map((part) => {
    const inParens = /\(([+−]\d+(?:\.\d+)?)/.exec(part);
    const trailing = /([+−]\d+(?:\.\d+)?)(?: \((?:new|gone)\))?$/.exec(part);
    const m = inParens ?? trailing;
    if (!m) throw new Error(`no effect in "${part}"`);
    return cellNumber(m[1])!;
  });
}

export function checkMarkdownTables(md: string): TableCheck {
  const lines = md.split('\n');
  const errors: string[] = [];
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|') || !lines[i + 1]?.startsWith('|---')) continue;
    const split = (l: string) => l.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
    const head = split(lines[i]).map((h) => h.replace(/\*\*/g, ''));
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j].startsWith('|'); j++) rows.push(split(lines[j]));
    tables++;
    const where = `table "${head.join(' | ')}"`;
    const col = (name: string) => head.findIndex((h) => h === name);
    const label = (r: string[]) => r[0].replace(/\*\*/g, '').trim();
    const near = (a: number, b: number) => Math.abs(a - b) < 0.006;
    // before + Δ = after
    const b = head.findIndex((h) => h === 'before' || h.endsWith(' before') && h !== 'all before' || h === 'total before');
    const a = head.findIndex((h, k) => k > b && (h === 'after' || h.endsWith(' after')) && h !== 'all after');
    const d = head.findIndex((h) => h === 'Δ' || h === 'delta');
    if (b > 0 && a > 0 && d > 0) {
      for (const r of rows) {
        const [x, y, z] = [cellNumber(r[b]), cellNumber(r[a]), cellNumber(r[d])];
        if (x !== undefined && y !== undefined && z !== undefined && !near(x + z, y)) errors.push(`${where}, row ${label(r)}: ${x} + ${z} ≠ ${y}`);
      }
    }
    // Total rows are the sum of the rows above them.
    rows.forEach((r, k) => {
      if (!TOTAL_ROWS.has(label(r))) return;
      for (let c = 1; c < head.length; c++) {
        const v = cellNumber(r[c]);
        const above = rows.slice(0, k).filter((x) => !TOTAL_ROWS.has(label(x))).map((x) => cellNumber(x[c]));
        if (v === undefined || above.some((x) => x === undefined)) continue;
        const sum = (above as number[]).reduce((s, x) => s + x, 0);
        if (!near(sum, v)) errors.push(`${where}, ${label(r)} row, column ${head[c]}: ${sum} ≠ ${v}`);
      }
    });
    // A row total column.
    const rowTotal = col('all before');
    if (rowTotal > 0) {
      for (const r of rows) {
        const cells = r.slice(1, rowTotal).map(cellNumber);
        const v = cellNumber(r[rowTotal]);
        if (v === undefined || cells.some((x) => x === undefined)) continue;
        const sum = (cells as number[]).reduce((s, x) => s + x, 0);
        if (!near(sum, v)) errors.push(`${where}, row ${label(r)}: ${sum} ≠ ${v}`);
      }
    }
    // before + gained − lost = after (lost is printed with its minus sign).
    for (const [bn, an] of [['MQL before', 'MQL after'], ['matched before', 'matched after']]) {
      const [bi, gi, li, ai] = [col(bn), col('gained'), col('lost'), col(an)];
      if (bi < 0 || gi < 0 || li < 0 || ai < 0) continue;
      for (const r of rows) {
        const [x, g, l, y] = [r[bi], r[gi], r[li], r[ai]].map(cellNumber);
        if ([x, g, l, y].some((v) => v === undefined)) continue;
        if (x! + g! + l! !== y!) errors.push(`${where}, row ${label(r)}: ${x} + ${g} ${l} ≠ ${y}`);
      }
    }
    // "moved by" effects add up to the row's Δ.
    const mb = head.findIndex((h) => h.startsWith('moved by'));
    if (mb > 0 && d > 0) {
      for (const r of rows) {
        const sum = movedByEffects(r[mb]).reduce((s, x) => s + x, 0);
        const z = cellNumber(r[d]);
        if (z === undefined || !near(sum, z)) errors.push(`${where}, row ${label(r)}: moved by adds to ${sum}, Δ is ${r[d]}`);
      }
    }
    i = j;
  }
  return { tables, errors };
}
