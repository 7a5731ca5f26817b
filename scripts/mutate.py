#!/usr/bin/env python3
"""Mutation testing: does the test suite notice small realistic bugs?

Each mutant below is one small edit to the sources (an operator, a constant, a sign, a dropped
term, an off-by-one, a skipped branch) and the test filter that should catch it. The harness
copies the committed tree into a scratch worktree, builds it once, then for each mutant applies
the edit, rebuilds incrementally, runs the filtered tests, and restores the file. A mutant is
*killed* when the tests fail, *survives* when they pass; one that does not compile is reported
and not counted. Accepted survivors (ACCEPTED below) are named with the reason and left out of
the score.

    python3 scripts/mutate.py                 # every mutant, report in mutation-report.md
    python3 scripts/mutate.py --only sgd      # mutants whose name contains "sgd"
    python3 scripts/mutate.py --list          # names, files and filters, no builds

Time: one full debug build (3–6 minutes on 2 cores), then 20–90 s a mutant (an edit in Nabla
rebuilds every target above it): about 45–60 minutes for the whole list on 2 cores.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (name, file, original text (must occur exactly once), mutated text, test filter)
MUTANTS = [
    # --- the engine's backward passes ---
    ("exp-backward", "Sources/Nabla/Ops/Tensor+Activations.swift",
     'name: "exp") { upstream in [upstream * result] }', 'name: "exp") { upstream in [upstream * self] }', "GradientCheck"),
    ("log-backward", "Sources/Nabla/Ops/Tensor+Activations.swift",
     'name: "log") { upstream in [upstream / self] }', 'name: "log") { upstream in [upstream / result] }', "GradientCheck"),
    ("sqrt-backward", "Sources/Nabla/Ops/Tensor+Activations.swift",
     "[upstream / (result * 2)]", "[upstream / result]", "GradientCheck"),
    ("square-backward", "Sources/Nabla/Ops/Tensor+Activations.swift",
     "[upstream * self * 2]", "[upstream * self]", "GradientCheck"),
    ("relu-backward", "Sources/Nabla/Ops/Tensor+Activations.swift",
     "{ g, y in y > 0 ? g : 0 }", "{ g, y in y >= 0 ? g : 0 }", "GradientCheck|LayerGradient|ForwardValue"),
    ("sigmoid-backward", "Sources/Nabla/Ops/Tensor+Activations.swift",
     "{ g, y in g * y * (1 - y) }", "{ g, y in g * (1 - y) }", "GradientCheck"),
    ("tanh-backward", "Sources/Nabla/Ops/Tensor+Activations.swift",
     "{ g, y in g * (1 - y * y) }", "{ g, y in g * (1 - y) }", "GradientCheck"),
    ("subtract-backward-sign", "Sources/Nabla/Ops/Tensor+Arithmetic.swift",
     "needs[1] ? (-upstream).summed(toShape: rhs.shape) : nil]", "needs[1] ? upstream.summed(toShape: rhs.shape) : nil]", "GradientCheck|Autodiff"),
    ("multiply-backward-operand", "Sources/Nabla/Ops/Tensor+Arithmetic.swift",
     "[needs[0] ? (upstream * rhs).summed(toShape: lhs.shape) : nil,", "[needs[0] ? (upstream * lhs).summed(toShape: lhs.shape) : nil,", "GradientCheck|Autodiff"),
    ("divide-backward", "Sources/Nabla/Ops/Tensor+Arithmetic.swift",
     "needs[1] ? (-(upstream * result) / rhs).summed(toShape: rhs.shape) : nil]", "needs[1] ? ((upstream * result) / rhs).summed(toShape: rhs.shape) : nil]", "GradientCheck"),
    ("scale-backward", "Sources/Nabla/Ops/Tensor+Arithmetic.swift",
     "[upstream.scaled(by: factor)]", "[upstream]", "GradientCheck|Autodiff"),
    ("sum-backward", "Sources/Nabla/Ops/Tensor+Reductions.swift",
     "[Tensor.full(upstream.scalar, shape: shape)]", "[Tensor.full(1, shape: shape)]", "GradientCheck|Autodiff"),
    ("logsoftmax-backward", "Sources/Nabla/Ops/Tensor+Softmax.swift",
     "out[r * width + j] = g[r * width + j] - expf(y[r * width + j]) * total", "out[r * width + j] = g[r * width + j] - expf(y[r * width + j])", "GradientCheck"),
    ("maxpool-backward", "Sources/Nabla/Ops/Tensor+Pooling.swift",
     "out[(o / perPlane) * height * width + Int(chosen[o])] += g[o]", "out[(o / perPlane) * height * width + Int(chosen[o])] = g[o]", "GradientCheck|LayerGradient|OneDNN|Convolution"),
    ("batchnorm-backward", "Sources/Nabla/Ops/Tensor+Normalization.swift",
     "out[b + s] = k * (Float(m) * g[b + s] - dOffset[c] - h[b + s] * dScale[c])", "out[b + s] = k * (Float(m) * g[b + s] - dOffset[c])", "GradientCheck|LayerGradient"),
    ("dropout-scale", "Sources/Nabla/Ops/Tensor+Normalization.swift",
     "let keep = 1 / (1 - probability)", "let keep: Float = 1", "GradientCheck|ForwardValue|Dropout"),
    ("crossentropy-smoothing-backward", "Sources/Nabla/Ops/Tensor+Losses.swift",
     "let target = j == labels[i] ? onTarget : offTarget\n", "let target: Float = j == labels[i] ? 1 : 0\n", "LossGradient"),
    ("crossentropy-weights-backward", "Sources/Nabla/Ops/Tensor+Losses.swift",
     "out[i * classes + j] = scale * sampleWeights[i] * (expf(lp[i * classes + j]) - target)", "out[i * classes + j] = scale * (expf(lp[i * classes + j]) - target)", "LossGradient"),
    ("bce-target-gradient", "Sources/Nabla/Ops/Tensor+Losses.swift",
     "out[i] = -scale * w[i] * x[i]", "out[i] = -scale * x[i]", "LossGradient"),
    ("bce-logit-gradient", "Sources/Nabla/Ops/Tensor+Losses.swift",
     "out[i] = scale * w[i] * (Tensor.stableSigmoid(x[i]) - t[i])", "out[i] = scale * (Tensor.stableSigmoid(x[i]) - t[i])", "LossGradient"),
    ("linear-no-bias", "Sources/NablaNN/Linear.swift",
     "return bias.map { product + $0.value } ?? product", "return product", "LayerGradient|ForwardValue|Training"),
    ("shards-drop-last", "Sources/Nabla/Differentiation/ShardedGradients.swift",
     "    for part in results.dropFirst() {", "    for part in results.dropFirst().dropLast() {", "DataParallel|MethodTraining"),
    ("coupled-gradient-dropped", "Sources/Nabla/Differentiation/ShardedGradients.swift",
     "                total = total + (tensor * upstream).sum()", "                total = total + (tensor * upstream).sum() * 0", "DataParallel|MethodTraining"),
    # --- optimizers and schedules ---
    ("sgd-momentum", "Sources/NablaOptimizers/SGD.swift",
     "velocity[i] = momentum * velocity[i] + g", "velocity[i] = g", "Optimizer"),
    ("sgd-weight-decay", "Sources/NablaOptimizers/SGD.swift",
     "var g = grad[i] + weightDecay * theta[i]", "var g = grad[i]", "Optimizer"),
    ("adam-bias-correction", "Sources/NablaOptimizers/Adam.swift",
     "theta[i] -= learningRate * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)",
     "theta[i] -= learningRate * m[i] / (v[i].squareRoot() + epsilon)", "Optimizer"),
    ("adam-second-moment", "Sources/NablaOptimizers/Adam.swift",
     "v[i] = beta2 * v[i] + (1 - beta2) * g * g", "v[i] = beta2 * v[i] + (1 - beta2) * g", "Optimizer"),
    ("lr-annealing-formula", "Sources/NablaOptimizers/Schedules.swift",
     "initialRate / powf(1 + alpha * progress, beta)", "initialRate / powf(1 + alpha * progress, 2 * beta)", "Defaults|Schedule|Optimizer"),
    ("lr-beta-default", "Sources/DomainAdaptation/TrainingConfiguration.swift",
     "public var learningRateBeta: Float = 0.75", "public var learningRateBeta: Float = 0.5", "Defaults"),
    ("lr-beta-cli-default", "Sources/dann/ModelOptions.swift",
     'var lrBeta: Float = 0.75', 'var lrBeta: Float = 0.5', "Defaults"),
    ("momentum-cli-default", "Sources/dann/ModelOptions.swift",
     'var momentum: Float = 0.9', 'var momentum: Float = 0.5', "Defaults"),
    ("averaging-start-default", "Sources/DomainAdaptation/TrainingConfiguration.swift",
     "public var averagingStart: Float? = 0.75", "public var averagingStart: Float? = 0.5", "Defaults|WeightAverage"),
    ("ramp-gamma", "Sources/dann/MethodOptions.swift",
     'var lambdaGamma: Float = 10', 'var lambdaGamma: Float = 5', "Defaults"),
    ("ramp-formula", "Sources/DomainAdaptation/TradeOffSchedule.swift",
     "maximum * (2 / (1 + exp(-gamma * progress)) - 1)", "maximum * (1 / (1 + exp(-gamma * progress)))", "DANNTests|Defaults"),
    ("weight-average-mean", "Sources/DomainAdaptation/WeightAverage.swift",
     "let weight = 1 / Float(count)", "let weight = 1 / Float(count + 1)", "WeightAverage"),
    # --- methods and their losses ---
    ("reversal-sign", "Sources/DomainAdaptation/GradientReversal.swift",
     "[upstream.scaled(by: -scale)]", "[upstream.scaled(by: scale)]", "GradientReversal|DANNTests"),
    ("dann-domain-targets", "Sources/DomainAdaptation/Methods/DANN.swift",
     "[Float](repeating: 0, count: m) + [Float](repeating: 1, count: m)", "[Float](repeating: 1, count: m) + [Float](repeating: 0, count: m)", "MethodTraining|DANNTests"),
    ("dann-domain-weight", "Sources/DomainAdaptation/Methods/DANN.swift",
     "(labelLoss + domainLoss * step.training.domainLossWeight) * batch.share", "(labelLoss + domainLoss) * batch.share", "TwoMoons|DANNTests|Demo"),
    ("mmd-cross-weight", "Sources/DomainAdaptation/Losses/MaximumMeanDiscrepancy.swift",
     "default: -1 / Float(n * m)", "default: -1 / Float(n * n)", "DiscrepancyLoss"),
    ("mmd-linear-signs", "Sources/DomainAdaptation/Losses/MaximumMeanDiscrepancy.swift",
     "[Float](repeating: 1, count: 2 * pairs) + [Float](repeating: -1, count: 2 * pairs)", "[Float](repeating: 1, count: 3 * pairs) + [Float](repeating: -1, count: pairs)", "DiscrepancyLoss"),
    ("mmd-bandwidth", "Sources/DomainAdaptation/Losses/MaximumMeanDiscrepancy.swift",
     "(-1 / (2 * base * Float(pow(2.0, Double(k)))))", "(-1 / (base * Float(pow(2.0, Double(k)))))", "DiscrepancyLoss"),
    ("coral-normaliser", "Sources/DomainAdaptation/Losses/CorrelationAlignment.swift",
     "(1 / (4 * d * d))", "(1 / (4 * d))", "DiscrepancyLoss"),
    ("covariance-unbiased", "Sources/DomainAdaptation/Losses/CorrelationAlignment.swift",
     "* (1 / Float(n - 1))", "* (1 / Float(n))", "DiscrepancyLoss"),
    ("dan-layers", "Sources/DomainAdaptation/Methods/DAN.swift",
     "return forward.contribution(batch, gathering: features + Array(layers.suffix(count)))", "return forward.contribution(batch, gathering: features + Array(layers.suffix(1)))", "MethodTraining"),
    ("ddc-bottleneck", "Sources/DomainAdaptation/Methods/DDC.swift",
     "network.labelHiddenWidths.append(training.discrepancy?.bottleneckWidth ?? 256)", "network.labelHiddenWidths.append(training.discrepancy?.bottleneckWidth ?? 128)", "MethodTraining|MethodCommand"),
    # --- samplers, checkpoints and resume ---
    ("sampler-same-order-every-pass", "Sources/DomainAdaptation/SampleSource.swift",
     "var generator = SeededGenerator(seed: seed &+ UInt64(currentPass) &* 0x9E37_79B9_7F4A_7C15)", "var generator = SeededGenerator(seed: seed)", "BatchSampler"),
    ("resume-forgets-sampler", "Sources/DomainAdaptation/AdaptationTrainer.swift",
     "sourceSampler = BatchSampler(count: source.count, seed: sourceSampler.seed, drawn: card.sourceSamplesDrawn)", "sourceSampler = BatchSampler(count: source.count, seed: sourceSampler.seed, drawn: 0)", "TrainingPhase|TrainingRun|resume"),
    ("resume-forgets-optimizer", "Sources/DomainAdaptation/AdaptationTrainer.swift",
     "for (group, optimizer) in groups(ofPhase: phase) { try optimizer.loadState(optimizerState, for: group.parameters) }", "_ = optimizerState", "TrainingPhase|TrainingRun|resume"),
    ("phase-groups-ignored", "Sources/DomainAdaptation/AdaptationTrainer.swift",
     "let created = method.parameterGroups(of: network, phase: phase).map { group in", "let created = method.parameterGroups(of: network, phase: 0).map { group in", "TrainingPhase"),
    # --- parsers ---
    ("idx-magic", "Sources/DomainData/IDX.swift",
     "guard bytes[0] == 0, bytes[1] == 0 else {", "guard bytes[0] == 0 else {", "IDX"),
    ("idx-element-count", "Sources/DomainData/IDX.swift",
     "guard elements == bytes.count else {", "guard elements <= bytes.count else {", "IDX"),
    # --- more of the engine ---
    ("matmul-backward-transpose", "Sources/Nabla/Ops/Tensor+LinearAlgebra.swift",
     ": matmul(upstream, transposed: false, rhs, transposed: !transposeRHS)", ": matmul(upstream, transposed: false, rhs, transposed: transposeRHS)", "GradientCheck|LayerGradient"),
    ("concatenate-backward-offset", "Sources/Nabla/Ops/Tensor+Shaping.swift",
     "return needs[index] ? upstream.slice(alongAxis: axis, start ..< start + size) : nil", "return needs[index] ? upstream.slice(alongAxis: axis, 0 ..< size) : nil", "GradientCheck|Autodiff|MethodTraining"),
    ("slice-backward-offset", "Sources/Nabla/Ops/Tensor+Shaping.swift",
     "(out + (o * size + range.lowerBound) * inner)", "(out + (o * size) * inner)", "GradientCheck|Autodiff|MethodTraining"),
    ("gather-backward-accumulate", "Sources/Nabla/Ops/Tensor+Shaping.swift",
     "for i in 0..<inner { destination[i] += source[i] }", "for i in 0..<inner { destination[i] = source[i] }", "GradientCheck|DiscrepancyLoss"),
    ("conv-output-size", "Sources/Nabla/Ops/Tensor+Convolution.swift",
     "let h = (height + 2 * paddingHeight - kernelHeight) / strideHeight + 1", "let h = (height + paddingHeight - kernelHeight) / strideHeight + 1", "GradientCheck|ForwardValue|OneDNN|ShapeError"),
    # --- more parsers and checkpoints ---
    ("csv-escaped-quote", "Sources/DomainData/CSVParsing.swift",
     "                        value.append(quote)\n                        i += 2", "                        i += 2", "CSV|Fuzz"),
    ("safetensors-header-bound", "Sources/Nabla/Serialization/Safetensors.swift",
     "guard headerLength <= UInt64(bytes.count - 8) else {", "guard headerLength <= UInt64(bytes.count) else {", "Safetensors"),
    ("resume-forgets-averaging", "Sources/DomainAdaptation/TrainingRun.swift",
     "reportsAveragedWeights = loaded.card.weightsAreAveraged ?? false", "reportsAveragedWeights = false", "TrainingRun|WeightAverage|resume|Resume"),
    ("checkpoint-card-step", "Sources/DomainAdaptation/AdaptationTrainer.swift",
     "        card.step = step\n", "        card.step = max(step - 1, 0)\n", "TrainingPhase|TrainingRun|resume|Resume"),
    ("atomic-write-fsync", "Sources/FileWriting/AtomicFile.swift",
     "return fsync(descriptor) == 0 || errno == EINVAL ? nil : String(cString: strerror(errno))", "return nil", "Safetensors|AtomicFile|concurrent"),
    ("dropout-state-not-restored", "Sources/DomainAdaptation/AdaptationTrainer.swift",
     "for (layer, state) in zip(dropouts, states) { layer.generator = SeededGenerator(seed: state) }", "_ = zip(dropouts, states)", "TrainingRun"),
]

# Mutants that the suite is allowed to miss, with the reason (excluded from the score).
ACCEPTED = {
    "atomic-write-fsync": "the fsync matters only when the machine crashes between the write and the rename; "
                          "no test can crash the kernel, and AtomicFile says why it syncs",
}


def run(command, cwd, timeout=1800):
    start = time.time()
    result = subprocess.run(command, cwd=cwd, shell=True, capture_output=True, text=True, timeout=timeout)
    return result.returncode, result.stdout + result.stderr, time.time() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="run the mutants whose name contains this text")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--scratch", default="/tmp/swiftdann-mutants", help="scratch worktree (kept between runs to reuse its build)")
    parser.add_argument("--report", default="mutation-report.md")
    args = parser.parse_args()
    mutants = [m for m in MUTANTS if args.only in m[0]]
    if args.list:
        for name, path, _, _, filter_ in mutants:
            print(f"{name:34} {path:60} {filter_}")
        print(f"{len(mutants)} mutants")
        return 0

    # A clean copy of the committed tree; its .build is kept between runs.
    if not os.path.isdir(args.scratch):
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", args.scratch, "HEAD"], check=True)
    else:
        subprocess.run(["git", "-C", args.scratch, "checkout", "--detach", "--force", subprocess.check_output(["git", "-C", ROOT, "rev-parse", "HEAD"], text=True).strip()], check=True)
    for name, path, original, _, _ in mutants:
        text = open(os.path.join(args.scratch, path)).read()
        if text.count(original) != 1:
            print(f"{name}: the original text occurs {text.count(original)} times in {path}; fix the mutant", file=sys.stderr)
            return 2
    code, output, seconds = run("swift build --build-tests", args.scratch)
    if code != 0:
        print(output[-3000:], file=sys.stderr)
        return 2
    print(f"baseline build: {seconds:.0f} s")

    results = []
    for name, path, original, mutated, filter_ in mutants:
        file = os.path.join(args.scratch, path)
        text = open(file).read()
        open(file, "w").write(text.replace(original, mutated))
        try:
            code, output, build_seconds = run("swift build --build-tests", args.scratch)
            if code != 0:
                status, test_seconds = "does not compile", 0
            else:
                code, output, test_seconds = run(f"swift test --skip-build --filter '{filter_}'", args.scratch)
                ran = "Test run with 0 tests" not in output and ("Test run with" in output or "Executed" in output)
                status = "killed" if code != 0 else ("survived" if ran else "no test matched")
        finally:
            open(file, "w").write(text)
        accepted = name in ACCEPTED and status == "survived"
        results.append({"name": name, "file": path, "filter": filter_, "status": status, "accepted": accepted,
                        "seconds": round(build_seconds + test_seconds)})
        print(f"{name:34} {status}{' (accepted: ' + ACCEPTED[name] + ')' if accepted else ''}  {build_seconds + test_seconds:.0f} s", flush=True)
    run("swift build --build-tests", args.scratch)  # leave the scratch build matching the clean tree

    counted = [r for r in results if r["status"] in ("killed", "survived") and not r["accepted"]]
    killed = sum(r["status"] == "killed" for r in counted)
    score = killed / len(counted) if counted else 0
    lines = ["# Mutation report", "", f"{len(results)} mutants; {killed} of {len(counted)} counted mutants killed: "
             f"**{100 * score:.0f}%** (accepted survivors and mutants that do not compile are not counted).", "",
             "| mutant | file | test filter | result | seconds |", "|---|---|---|---|---|"]
    for r in results:
        result = r["status"] + (f" (accepted: {ACCEPTED[r['name']]})" if r["accepted"] else "")
        lines.append(f"| {r['name']} | `{r['file']}` | `{r['filter']}` | {result} | {r['seconds']} |")
    open(args.report, "w").write("\n".join(lines) + "\n")
    json.dump(results, open(os.path.splitext(args.report)[0] + ".json", "w"), indent=1)
    print(f"score {100 * score:.0f}% ({killed}/{len(counted)}); report in {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
