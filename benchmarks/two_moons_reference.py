#!/usr/bin/env python3
"""Reference for `dann demo`: Algorithm 1 of Ganin et al. (JMLR 2016) in NumPy, with the settings
of the authors' two-moons code (moons as scikit-learn draws them, noise 0.05, centred and doubled,
one source and one target example per SGD step, learning rate 0.05, 500 passes, Glorot-uniform
weights, a domain classifier that starts at zero, λ = 6). It shows what the reference algorithm
itself scores on this experiment, seed by seed. Needs only NumPy; never run by the tests.

    python3 benchmarks/two_moons_reference.py [--points 300] [--seeds 8] [--passes 500]
    python3 benchmarks/two_moons_reference.py --points-from dann-demo/two-moons-points.csv --order reshuffled

`--points-from` trains on the very points `dann demo` trained on (the file it writes), seed by
seed, so the two can be compared draw by draw; `--order reshuffled` draws the examples as our
trainer does (source reshuffled every pass, target drawn without replacement) instead of
Algorithm 1's fixed pass over the source and uniformly drawn target points.
"""
import argparse
from math import cos, sin, pi

import numpy as np


def moons(count, noise, seed):
    """scikit-learn's make_moons: evenly spaced angles on each moon, shuffled, Gaussian noise."""
    state = np.random.RandomState(seed)
    upper, lower = count // 2, count - count // 2
    a, b = np.linspace(0, pi, upper), np.linspace(0, pi, lower)
    points = np.vstack([np.append(np.cos(a), 1 - np.cos(b)), np.append(np.sin(a), 1 - np.sin(b) - 0.5)]).T
    labels = np.hstack([np.zeros(upper, int), np.ones(lower, int)])
    order = np.arange(count)
    state.shuffle(order)
    return points[order] + state.normal(scale=noise, size=(count, 2)), labels[order]


def domains(count, degrees, seed):
    source, labels = moons(count, 0.05, seed)
    target, target_labels = moons(count, 0.05, seed + 1)
    centre = source.mean(axis=0)
    source, target = 2 * (source - centre), 2 * (target - centre)
    t = degrees * pi / 180
    rotation = np.array([[cos(t), -sin(t)], [sin(t), cos(t)]])  # counter-clockwise
    return source, labels, target @ rotation.T, target_labels


def demo_points(path):
    """{seed: (source, labels, target, target_labels)} from the CSV that `dann demo` writes."""
    rows = np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")
    draws = {}
    for seed in dict.fromkeys(rows["seed"]):
        parts = []
        for domain in ("source", "target"):
            chosen = rows[(rows["seed"] == seed) & (rows["domain"] == domain)]
            parts += [np.column_stack([chosen["x1"], chosen["x2"]]).astype(float), chosen["label"].astype(int)]
        draws[int(seed)] = tuple(parts)
    return draws


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def train(source, labels, target, adversarial, hidden=15, lam=6.0, rate=0.05, passes=500, seed=42, reshuffled=False):
    """Returns a predictor. Without `adversarial` the domain classifier still learns, but its
    gradient does not reach the hidden layer (the paper's 'standard NN')."""
    rng = np.random.RandomState(seed)
    classes = labels.max() + 1
    W = np.sqrt(6 / (2 + hidden)) * (2 * rng.rand(hidden, 2) - 1)
    V = np.sqrt(6 / (hidden + classes)) * (2 * rng.rand(classes, hidden) - 1)
    b, c, w, d = np.zeros(hidden), np.zeros(classes), np.zeros(hidden), 0.0
    order_rng = np.random.RandomState(seed + 1)
    for _ in range(passes):
        source_order = order_rng.permutation(len(source)) if reshuffled else range(len(source))
        target_order = order_rng.permutation(len(target)) if reshuffled else None
        for k, i in enumerate(source_order):
            x = source[i]
            h = sigmoid(W @ x + b)
            p = np.exp(V @ h + c)
            p /= p.sum()
            dc = p.copy()
            dc[labels[i]] -= 1
            dV, db = np.outer(dc, h), (V.T @ dc) * h * (1 - h)
            dW = np.outer(db, x)
            # Domain term: ascend log G_d on the source example and log(1 − G_d) on a random
            # target example, weighted λ; the hidden layer descends it (the reversal).
            x2 = target[target_order[k % len(target)]] if reshuffled else target[rng.randint(len(target))]
            h2 = sigmoid(W @ x2 + b)
            g, g2 = sigmoid(w @ h + d), sigmoid(w @ h2 + d)
            dd, dw = lam * (1 - g) - lam * g2, lam * (1 - g) * h - lam * g2 * h2
            if adversarial:
                for xx, hh, coefficient in ((x, h, lam * (1 - g)), (x2, h2, -lam * g2)):
                    extra = coefficient * w * hh * (1 - hh)
                    db, dW = db + extra, dW + np.outer(extra, xx)
            W, b, V, c = W - rate * dW, b - rate * db, V - rate * dV, c - rate * dc
            w, d = w + rate * dw, d + rate * dd
    return lambda X: np.argmax(V @ sigmoid(W @ X.T + b[:, None]) + c[:, None], axis=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=300, help="points per domain (both moons together)")
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--passes", type=int, default=500)
    parser.add_argument("--rotation", type=float, default=35)
    parser.add_argument("--points-from", help="the two-moons-points.csv that `dann demo` writes: train on its draws")
    parser.add_argument("--order", choices=["algorithm1", "reshuffled"], default="algorithm1")
    args = parser.parse_args()
    if args.points_from:
        draws = demo_points(args.points_from)
    else:
        draws = {seed: domains(args.points, args.rotation, seed) for seed in range(1, args.seeds + 1)}
    scores = []
    for seed, (source, labels, target, target_labels) in draws.items():
        plain, adapted = (np.mean(train(source, labels, target, flag, passes=args.passes,
                                        reshuffled=args.order == "reshuffled")(target) == target_labels)
                          for flag in (False, True))
        scores.append((plain, adapted))
        print(f"seed {seed}: plain network {plain:.3f}  DANN {adapted:.3f}", flush=True)
    plain, adapted = np.array(scores).T
    print(f"mean ± std over {len(draws)} seeds: plain network {plain.mean():.3f} ± {plain.std(ddof=1):.3f}  "
          f"DANN {adapted.mean():.3f} ± {adapted.std(ddof=1):.3f}")


if __name__ == "__main__":
    main()
