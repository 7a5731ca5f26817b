#!/usr/bin/env python3
"""Prints the Amazon reviews table (docs/amazon.md) from runs/amazon: target test accuracy,
mean ± std over the seeds found, beside the paper's DANN figures (JMLR Table 1, raw features)."""
import glob, json, os, statistics, sys

out = sys.argv[1] if len(sys.argv) > 1 else "runs/amazon"
# Optional second argument: the seeds to count, e.g. 0,1,2 (default: every seed found).
seeds = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else None
keep = lambda f: seeds is None or f.split("seed")[-1].split(".")[0].split("/")[0] in seeds
short = {"books": "B", "dvd": "D", "electronics": "E", "kitchen": "K"}
paper = {"B→D": .784, "B→E": .733, "B→K": .779, "D→B": .723, "D→E": .754, "D→K": .783,
         "E→B": .713, "E→D": .738, "E→K": .854, "K→B": .709, "K→D": .740, "K→E": .843}

def scores(method, pair):
    if method == "svm":
        files = glob.glob(f"{out}/svm/{pair}/seed*.json")
        return [json.load(open(f))["target_test_accuracy"] for f in sorted(files) if keep(f)]
    files = glob.glob(f"{out}/{method}/{pair}/seed*/summary.json")
    return [json.load(open(f))["target_test_accuracy"] for f in sorted(files) if keep(f)]

def cell(values):
    if not values: return "–"
    spread = statistics.stdev(values) if len(values) > 1 else 0
    return f"{statistics.mean(values):.3f} ± {spread:.3f} ({len(values)})"

print("| pair | NN (source-only) | DANN | SVM | paper DANN | DANN − NN per seed |")
print("|---|---|---|---|---|---|")
means = {"nn": [], "dann": [], "svm": []}
for s in short:
    for t in short:
        if s == t: continue
        pair, name = f"{s}-{t}", f"{short[s]}→{short[t]}"
        nn, dann, svm = scores("source-only", pair), scores("dann", pair), scores("svm", pair)
        for key, values in (("nn", nn), ("dann", dann), ("svm", svm)):
            if values: means[key].append(statistics.mean(values))
        diffs = ", ".join(f"{d - n:+.3f}" for n, d in zip(nn, dann))
        print(f"| {name} | {cell(nn)} | {cell(dann)} | {cell(svm)} | {paper[name]:.3f} | {diffs} |")
mean = lambda v: f"{statistics.mean(v):.3f} ({len(v)} pairs)" if v else "–"
print(f"| mean | {mean(means['nn'])} | {mean(means['dann'])} | {mean(means['svm'])} | 0.763 | |")
