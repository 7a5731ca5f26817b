#!/usr/bin/env python3
"""Per-validator regret and rank correlation of a dann sweep (docs/validation.md's tables):
over all trials, and per seed (selecting among that seed's trials only). Given several sweeps
(e.g. one per Amazon pair), the mean over them instead.
    python3 scripts/summarize_sweep.py SWEEP_DIR [SWEEP_DIR…]"""
import json, statistics, sys

if len(sys.argv) > 2:
    sweeps = [json.load(open(f"{folder}/sweep.json")) for folder in sys.argv[1:]]
    print(f"{len(sweeps)} sweeps, {sum(len(s['trials']) for s in sweeps)} trials")
    print("| validator | regret, mean ± std over sweeps | worst regret | sweeps with regret ≤ 0.01 | rank correlation, mean |")
    print("|---|---|---|---|---|")
    for validator in sorted(sweeps[0]["validators"]):
        judgements = [s["validators"][validator] for s in sweeps]
        regrets = [j["regret"] for j in judgements]
        correlations = [j["rank_correlation"] for j in judgements if j.get("rank_correlation") is not None]
        print(f"| {validator} | {statistics.mean(regrets):.4f} ± {statistics.stdev(regrets):.4f} | {max(regrets):.4f} | "
              f"{sum(r <= 0.01 for r in regrets)} of {len(regrets)} | {statistics.mean(correlations):.2f} |")
    sys.exit(0)

sweep = json.load(open(f"{sys.argv[1]}/sweep.json"))
trials = [t for t in sweep["trials"] if t.get("target_test_accuracy") is not None]
higher = {"source-accuracy": True, "reverse-validation": True, "iwcv": False, "dev": False,
          "entropy": False, "information-maximization": True, "snd": True}


def regret(group, validator):
    scored = [t for t in group if validator in t["scores"]]
    if not scored:
        return None
    sign = 1 if higher[validator] else -1
    chosen = max(scored, key=lambda t: (sign * t["scores"][validator], -t["trial"]))
    return max(t["target_test_accuracy"] for t in group) - chosen["target_test_accuracy"]


seeds = sorted({t["options"].get("seed", "–") for t in trials})
print(f"{len(trials)} trials; best target accuracy {max(t['target_test_accuracy'] for t in trials):.4f}")
print("| validator | regret (all trials) | rank correlation | regret per seed (mean ± std) |")
print("|---|---|---|---|")
for validator, judgement in sorted(sweep["validators"].items()):
    per_seed = [r for r in (regret([t for t in trials if t["options"].get("seed", "–") == s], validator) for s in seeds) if r is not None]
    spread = f"{statistics.mean(per_seed):.4f} ± {statistics.stdev(per_seed):.4f}" if len(per_seed) > 1 else "–"
    correlation = judgement.get("rank_correlation")
    print(f"| {validator} | {judgement.get('regret', float('nan')):.4f} | "
          f"{'–' if correlation is None else f'{correlation:.2f}'} | {spread} |")
