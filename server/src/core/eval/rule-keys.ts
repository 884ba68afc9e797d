// The rules that contributed to a score, by their key in `summary.…rules` (SPEC §8). The
// simulation's summary, the backtest and the feedback summary count leads per rule with it.
import type { ScoreResult } from '../results.js';

/**
 * The rules that contributed to a score, by their key in `summary.…rules` (§8): rule id, group
 * members as `<group>/<rule>`; clamps are not rules. The backtest and the feedback summary count
 * leads per rule with the same keys. Keys are made once per reader, not per explanation item.
 */
export class RuleKeys {
  private groupKeys = new Map<string, Map<string, string>>();
  forEach(sc: ScoreResult, fn: (key: string) => void): void {
    for (const it of sc.explanation) {
      if (!('rule' in it) || 'clamp' in it || it.rule === undefined) continue;
      let key = it.rule;
      if (it.group !== undefined) {
        let byRule = this.groupKeys.get(it.group);
        if (!byRule) this.groupKeys.set(it.group, (byRule = new Map()));
        const k = byRule.get(it.rule);
        if (k === undefined) byRule.set(it.rule, (key = `${it.group}/${it.rule}`)); else key = k;
      }
      fn(key);
    }
  }
}
