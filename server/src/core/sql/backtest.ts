// The backtest of SPEC §11 as ONE SQL query (DuckDB, PostgreSQL) that returns one row with one
// column, `backtest`: the JSON document `leadspec backtest --format json` prints, keys in the same
// order, so a team runs it over its full history where the data lives. It wraps the all-in-one
// per-lead query (./compile.ts, every model and ICP evaluated at T) and aggregates it exactly as
// core/outcomes/backtest.ts does, in integer arithmetic where that module counts:
//   population  created > T out; conversion time <= T out; converted when T < c <= T + H (or the flag)
//   grades, rules, ICPs, tiers, MQL: conditional counts in one scan of the population
//   auc         leads grouped by ranking key (disqualified below every total), twice the wins
//               from running sums of the groups below, ties counting one half
//   gains       n = floor((d·N + 9) / 10) in integers, the group holding the n-th lead counted
//               fractionally as (n − a) / t of its conversions
//   thresholds  counts per floor(total) of the non-disqualified leads, summed from the top over
//               every integer m of [floor(min), ceil(max)]: total >= m ⟺ floor(total) >= m
//   recommended the smallest m whose leads fit floor(capacity share × N) (or the count)
//   value       DOUBLE sums in input order, then 15 significant digits (the engine's loop + tidy)
// Every ratio is the engine's: the quotient of the exact counts as a DOUBLE, rounded half away
// from zero to 4 decimals on its decimal form (round4 below), NULL for a 0 denominator.
import type { IcpDef, ScoringDef } from '../model.js';
import type { OutcomesSpec } from '../outcomes/spec.js';
import { capacityLeads } from '../outcomes/capacity.js';
import { isoUtc } from '../results.js';
import { compileSql, checkTableName, type Located, type SqlOptions } from './compile.js';
import { commentText, dialectOf, ident, lit, num, type Dialect, type DialectName } from './dialect.js';
import { gradeOrderOf } from '../eval/scoring.js';

export interface BacktestSqlOptions {
  dialect: DialectName;
  /** Every model of the workspace, in workspace order (the first of a duplicated id). */
  scorings: Located<ScoringDef>[];
  icps: Located<IcpDef>[];
  catalog: SqlOptions['catalog'];
  spec: OutcomesSpec;
  /**
   * With a boolean flag (no score date): the simulation's as_of, epoch ms, when known (--as-of,
   * the project's as_of); else the query takes it from the data as SPEC §7 says.
   */
  flagAsOfMs?: number;
  leadsTable?: string;
  eventsTable?: string;
  /** Leads-table column giving the input order (default: id): the order value sums add in. */
  orderBy?: string;
  eventsNormalized?: boolean;
  /** compileSql's eventCodes (io/duckdb.ts stagedOptions). */
  eventCodes?: readonly string[];
}

export interface BacktestSql {
  /** The whole statement, `;`-terminated, with a comment line. */
  sql: string;
}

const DECILES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * core/outcomes/ratio.ts round4 of a DOUBLE: half away from zero at 4 decimals on its
 * 15-significant-digit decimal form. The engine's binary fast path (dialect.ts roundTo) gives the
 * same value away from a tie, so the backtest, which rounds a few hundred aggregates rather than
 * a column of every lead, takes the short decimal path alone (the query stays small to plan).
 */
export function round4(d: Dialect, x: string): string {
  return d.roundDec(x, 4);
}

export function compileBacktestSql(o: BacktestSqlOptions): BacktestSql {
  const d = dialectOf(o.dialect);
  const spec = o.spec;
  const conv = spec.converted;
  const flag = conv.kind === 'flag';
  const fields = [...new Set([
    ...(conv.kind === 'event' ? [] : [conv.field]),
    ...(spec.created !== undefined ? [spec.created] : []),
    ...(spec.value !== undefined ? [spec.value] : []),
  ])];
  const asOfMs = flag ? o.flagAsOfMs : spec.asOf!;
  const perLead = compileSql({
    dialect: o.dialect, scorings: o.scorings, icps: o.icps, catalog: o.catalog, asOfMs,
    leadsTable: o.leadsTable, eventsTable: o.eventsTable, orderBy: o.orderBy, eventsNormalized: o.eventsNormalized, eventCodes: o.eventCodes,
    backtest: { fields },
  });
  const events = checkTableName(o.eventsTable ?? 'events');
  const f = (name: string) => `r.${ident('ls_f_' + name)}`;
  const dbl = (x: string) => `CAST(${x} AS ${d.double})`;

  // ---- the population ----------------------------------------------------------------------
  const ctes: string[] = [`r ${d.cte} (\n${perLead.select}\n)`];
  const T = asOfMs !== undefined ? num(d, asOfMs) : `r.ls_as_of`;
  let convTime = '';
  let joinConv = '';
  if (conv.kind === 'event') {
    // The first such event of the lead (its events sorted by time, as the loader sorts them).
    const evName = o.eventsNormalized ? 'CAST(ev.event AS VARCHAR)' : `lower(${d.trim('CAST(ev.event AS VARCHAR)')})`;
    ctes.push(`cv ${d.cte} (\n  SELECT CAST(ev.lead_id AS VARCHAR) AS lead_id, min(${d.epochMs('ev.at')}) AS c_ms\n  FROM ${events} AS ev\n  WHERE ${evName} = ${lit(conv.event.trim().toLowerCase())}\n  GROUP BY CAST(ev.lead_id AS VARCHAR)\n)`);
    joinConv = `\n  LEFT JOIN cv ON cv.lead_id = r.id`;
    convTime = 'cv.c_ms';
  } else if (conv.kind === 'time') convTime = f(conv.field);
  const created = spec.created !== undefined ? `${f(spec.created)} IS NOT NULL AND ${f(spec.created)} > ${T}` : 'FALSE';
  const before = flag ? 'FALSE' : `${convTime} IS NOT NULL AND ${convTime} <= ${T}`;
  const converted = flag ? `coalesce(${f(conv.field)}, FALSE)`
    : `coalesce(${convTime} <= ${T} + ${num(d, spec.horizon!.ms)}, FALSE)`;
  // Materialised in DuckDB too: every aggregate below scans it, and the scores are computed once.
  ctes.push(`pop ${d.name === 'duckdb' ? 'AS MATERIALIZED' : d.cte} (\n  SELECT r.*,\n    CASE WHEN ${created} THEN 1 WHEN ${before} THEN 2 ELSE 0 END AS ls_out,\n    ${converted} AS ls_cv\n  FROM r${joinConv}\n)`);

  // ---- one scan: counts per grade, rule, MQL, ICP, tier; value sums ------------------------
  const aggCols: string[] = [
    `count(*) FILTER (WHERE ls_out = 0) AS n`, `count(*) FILTER (WHERE ls_out = 0 AND ls_cv) AS c`,
    `count(*) FILTER (WHERE ls_out = 1) AS created_after`, `count(*) FILTER (WHERE ls_out = 2) AS converted_before`,
    `max(ls_as_of) AS t_ms`,
  ];
  let a = 0;
  /** Registers a count of the population leads where `cond` holds, and of the converted ones. */
  const count = (cond: string): { n: string; c: string } => {
    const i = a++;
    aggCols.push(`count(*) FILTER (WHERE ls_out = 0 AND ${cond}) AS ${ident('a' + i)}`, `count(*) FILTER (WHERE ls_out = 0 AND ls_cv AND ${cond}) AS ${ident('a' + i + 'c')}`);
    return { n: `g.${ident('a' + i)}`, c: `g.${ident('a' + i + 'c')}` };
  };
  const valueSum = (cond: string): string => {
    const i = a++;
    aggCols.push(`${d.orderedSum(ident('ls_f_' + spec.value!), 'ls_ord', `ls_out = 0 AND ls_cv AND ${cond}`)} AS ${ident('v' + i)}`);
    const v = `coalesce(g.${ident('v' + i)}, ${num(d, 0)})`;
    // results tidy(): an integer as it is, else 15 significant digits.
    return `CASE WHEN ${v} = floor(${v}) THEN ${v} ELSE ${d.digits15(v)} END`;
  };
  const N = 'g.n', C = 'g.c';
  // A ratio is a quotient column first (NULL for a 0 denominator), rounded where the document is written.
  const quot = (numer: string, denom: string) => `CASE WHEN ${denom} = 0 THEN CAST(NULL AS ${d.double}) ELSE ${dbl(numer)} / ${dbl(denom)} END`;
  /** rate / base rate = (conv / leads) / (C / N), from the exact counts (outcomes/backtest.ts liftOf). */
  const liftQuot = (conv: string, leads: string) =>
    `CASE WHEN ${leads} = 0 OR ${C} = 0 OR ${N} = 0 THEN CAST(NULL AS ${d.double}) ELSE ${dbl(`${conv} * ${N}`)} / ${dbl(`${leads} * ${C}`)} END`;
  const r4 = (col: string) => round4(d, col);
  const qCols: string[] = [];
  /** A quotient of the one-row aggregate, registered as a column of CTE `g` (over `g0`); its rounded value. */
  const gq = (quotient: string) => { const name = ident('q' + qCols.length); qCols.push(`${quotient} AS ${name}`); return r4(`g.${name}`); };
  const ratio = (numer: string, denom: string) => gq(quot(numer, denom));
  const lift = (conv: string, leads: string) => gq(liftQuot(conv, leads));
  const rate = (x: { n: string; c: string }) => d.jsonDoc([['leads', x.n], ['converted', x.c], ['rate', ratio(x.c, x.n)], ['lift', lift(x.c, x.n)]]);

  const modelDocs: [string, string][] = [];
  const perModelCtes: string[] = [];
  o.scorings.forEach(({ def }, mi) => {
    const compiled = perLead.models[mi];
    const popCol = (k: string) => ident(compiled.prefix + k);
    const grades = gradeOrderOf(def);
    const gradeDocs: [string, string][] = grades.map((g) => [g, rate(count(`${popCol('grade')} = ${lit(g)}`))]);
    const ruleDocs: [string, string][] = compiled.rules.map((rk, ri) => [rk.key, rate(count(ident(`ls_hit_${mi}_${ri}`)))]);
    const mql = count(popCol('mql'));

    // Ranking groups: disqualified leads (kq 0) below every total (kq 1), tied among themselves.
    const k = `k${mi}`, w = `w${mi}`, s = `s${mi}`, ct = `t${mi}`;
    const dq = popCol('disqualified'), total = popCol('total');
    perModelCtes.push(
      `${k} ${d.cte} (\n  SELECT CASE WHEN ${dq} THEN 0 ELSE 1 END AS kq, CASE WHEN ${dq} THEN ${num(d, 0)} ELSE ${total} END AS kt,\n    count(*) AS n, count(*) FILTER (WHERE ls_cv) AS c\n  FROM pop WHERE ls_out = 0\n  GROUP BY 1, 2\n)`,
      `${w} ${d.cte} (\n  SELECT kq, kt, n, c,\n    coalesce(sum(n - c) OVER (ORDER BY kq, kt ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS below_nc,\n`
      + `    coalesce(sum(n) OVER (ORDER BY kq DESC, kt DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS above_n,\n`
      + `    coalesce(sum(c) OVER (ORDER BY kq DESC, kt DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS above_c\n  FROM ${k}\n)`,
      // Non-disqualified leads per floor(total): total >= m ⟺ floor(total) >= m for an integer m.
      `${ct} ${d.cte} (\n  SELECT CAST(floor(${total}) AS BIGINT) AS m, count(*) AS n, count(*) FILTER (WHERE ls_cv) AS c\n  FROM pop WHERE ls_out = 0 AND NOT ${dq}\n  GROUP BY 1\n)`,
      `${s} ${d.cte} (\n  SELECT x.m,\n    sum(coalesce(${ct}.n, 0)) OVER (ORDER BY x.m DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS n,\n`
      + `    sum(coalesce(${ct}.c, 0)) OVER (ORDER BY x.m DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c\n`
      + `  FROM ${d.series(`CAST(floor(min(${total})) AS BIGINT)`, `CAST(ceil(max(${total})) AS BIGINT)`, `pop WHERE ls_out = 0 AND NOT ${dq}`)} AS x\n`
      + `  LEFT JOIN ${ct} ON ${ct}.m = x.m\n)`,
    );
    const auc = `(SELECT ${r4('z.q')} FROM (SELECT CASE WHEN ${C} = 0 OR ${N} - ${C} = 0 THEN CAST(NULL AS ${d.double}) ELSE ${dbl(`sum(${w}.c * (2 * ${w}.below_nc + ${w}.n - ${w}.c))`)} / ${dbl(`2 * ${C} * (${N} - ${C})`)} END AS q FROM ${w}) AS z)`;
    // gains: n = ceil(d·N/10); the group holding the n-th lead (above_n < n <= above_n + size).
    const gn = `${d.intDiv(`x.d * ${N} + 9`, '10')}`;
    const gains = `(SELECT ${d.jsonArrayAgg(d.jsonDoc([['top', 'z.top'], ['leads', 'z.n'], ['captured', r4('z.q')]]), 'z.d')}\n    FROM (SELECT x.d, x.top, x.n,\n`
      + `      CASE WHEN ${C} = 0 OR ${w}.n IS NULL THEN CAST(NULL AS ${d.double}) ELSE ${dbl(`${w}.above_c * ${w}.n + (x.n - ${w}.above_n) * ${w}.c`)} / ${dbl(`${w}.n * ${C}`)} END AS q\n`
      + `    FROM (SELECT x.d, x.top, ${gn} AS n FROM (VALUES ${DECILES.map((i) => `(${i}, ${num(d, i / 10)})`).join(', ')}) AS x(d, top)) AS x\n`
      + `    LEFT JOIN ${w} ON ${w}.above_n < x.n AND ${w}.above_n + ${w}.n >= x.n) AS z)`;
    const sweepDoc: [string, string][] = [['min', 'z.m'], ['leads', 'z.n'], ['converted', 'z.c'], ['precision', r4('z.qp')], ['recall', r4('z.qr')]];
    const sweepRows = (where: string) => `SELECT ${s}.m, ${s}.n, ${s}.c, ${quot(`${s}.c`, `${s}.n`)} AS qp, ${quot(`${s}.c`, C)} AS qr FROM ${s}${where}`;
    const thresholds = `(SELECT ${d.jsonArrayAgg(d.jsonDoc(sweepDoc), 'z.m DESC')} FROM (${sweepRows('')}) AS z)`;
    const doc: [string, string][] = [
      ['auc', auc],
      ['grades', d.jsonDoc(gradeDocs)],
      ['mql', d.jsonDoc([['leads', mql.n], ['converted', mql.c], ['precision', ratio(mql.c, mql.n)], ['recall', ratio(mql.c, C)], ['lift', lift(mql.c, mql.n)]])],
      ['gains', gains],
      ['rules', d.jsonDoc(ruleDocs)],
      ['thresholds', thresholds],
    ];
    if (spec.capacity) {
      const cap = 'count' in spec.capacity ? String(spec.capacity.count) : d.intDiv(`${spec.capacity.num} * ${N}`, String(spec.capacity.den));
      doc.push(['recommended', `(SELECT ${d.jsonDoc([['capacity', `CAST(${cap} AS BIGINT)`], ...sweepDoc])} FROM (${sweepRows(` WHERE ${s}.n <= ${cap} ORDER BY ${s}.m LIMIT 1`)}) AS z)`]);
    }
    if (spec.value !== undefined) {
      doc.push(['value', d.jsonDoc([
        ['grades', d.jsonDoc(grades.map((gr) => [gr, valueSum(`${popCol('grade')} = ${lit(gr)}`)]))],
        ['mql', valueSum(popCol('mql'))],
      ])]);
    }
    modelDocs.push([def.id, d.jsonDoc(doc)]);
  });

  const icpDocs: [string, string][] = o.icps.map(({ def }, i) => {
    const m = count(ident('ls_icp_' + i));
    const tiers: [string, string][] = (def.tiers ?? []).map((t) => [String(t.id), rate(count(`${ident('ls_icp_' + i)} AND ${ident('ls_tier_' + i)} = ${lit(String(t.id))}`))]);
    return [def.id, d.jsonDoc([['leads', m.n], ['converted', m.c], ['rate', ratio(m.c, m.n)], ['lift', lift(m.c, m.n)], ['tiers', d.jsonDoc(tiers)]])];
  });
  // doc is built before gq's columns are known, so the CTEs come after it.
  const pending = () => [
    `g0 ${d.cte} (\n  SELECT ${aggCols.join(',\n    ')}\n  FROM pop\n)`,
    `g ${d.cte} (\n  SELECT g.*${qCols.map((q) => `,\n    ${q}`).join('')}\n  FROM g0 AS g\n)`,
    ...perModelCtes,
  ];

  const asOfText = asOfMs !== undefined ? lit(isoUtc(asOfMs)) : `${d.isoUtc('g.t_ms')}`;
  const doc = d.jsonDoc([
    ['as_of', asOfText],
    ['horizon', flag ? 'CAST(NULL AS VARCHAR)' : lit(spec.horizon!.text)],
    ['until', flag ? 'CAST(NULL AS VARCHAR)' : lit(isoUtc(spec.asOf! + spec.horizon!.ms))],
    ['population', d.jsonDoc([['leads', N], ['converted', C], ['rate', ratio(C, N)],
      ['excluded', d.jsonDoc([['created_after', 'g.created_after'], ['converted_before', 'g.converted_before']])]])],
    ['scoring', d.jsonDoc(modelDocs)],
    ['icps', d.jsonDoc(icpDocs)],
  ]);
  const what = `${o.scorings.length} scoring model(s) and ${o.icps.length} ICP(s)`;
  const sql = `-- leadspec backtest (SPEC 11) of ${commentText(what)} compiled for ${d.name}: one row, column backtest = the JSON of leadspec backtest --format json\n`
    + `WITH\n${[...ctes, ...pending()].join(',\n')}\nSELECT ${doc} AS backtest\nFROM g;\n`;
  return { sql };
}

