"""PyTorch reference for `dann bench`: the same DANN MNIST model, input shape, padding, batch
and SGD step (with a gradient reversal layer), timed the same way. Run only by the benchmark
scripts, never by the tests. Prints one JSON object with the same keys as `dann bench --json`.

    python3 benchmarks/pytorch_reference.py --threads 2 --padding same
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class GradientReversal(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return -ctx.scale * grad, None


class DANN(nn.Module):
    def __init__(self, channels, size, same):
        super().__init__()
        pad = 2 if same else 0
        self.conv1 = nn.Conv2d(channels, 32, 5, padding=pad)
        self.conv2 = nn.Conv2d(32, 48, 5, padding=pad)
        side = size
        for _ in range(2):
            side = (side if same else side - 4) // 2
        features = 48 * side * side
        self.label = nn.Sequential(nn.Linear(features, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 10))
        self.domain = nn.Sequential(nn.Linear(features, 100), nn.ReLU(), nn.Linear(100, 1))

    def features(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return x.flatten(1)

    def forward(self, x, scale):
        f = self.features(x)
        return self.label(f), self.domain(GradientReversal.apply(f, scale))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--padding", choices=["same", "valid"], default="same")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--inference-batch", type=int, default=256)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(7)
    shape = [3, 32, 32]
    model = DANN(shape[0], shape[1], args.padding == "same")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    n = args.batch_size
    source = torch.rand(n, *shape) - 0.5
    target = torch.rand(n, *shape) - 0.5
    labels = torch.randint(0, 10, (n,))
    domains = torch.cat([torch.zeros(n, 1), torch.ones(n, 1)])

    def step():
        optimizer.zero_grad(set_to_none=True)
        class_logits, domain_logits = model(torch.cat([source, target]), 0.5)
        loss = F.cross_entropy(class_logits[:n], labels) + F.binary_cross_entropy_with_logits(domain_logits, domains)
        loss.backward()
        optimizer.step()

    for _ in range(3):
        step()
    times = []
    for _ in range(args.steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)

    batch = torch.rand(args.inference_batch, *shape) - 0.5
    model.eval()
    with torch.no_grad():
        model.label(model.features(batch))
        inference = []
        for _ in range(5):
            start = time.perf_counter()
            model.label(model.features(batch))
            inference.append(time.perf_counter() - start)
    print(json.dumps({
        "implementation": f"pytorch {torch.__version__}",
        "train_step_ms": statistics.median(times),
        "inference_images_per_second": args.inference_batch / statistics.median(inference),
        "threads": args.threads,
        "batch_per_domain": n,
        "input_shape": shape,
        "padding": args.padding,
    }))


if __name__ == "__main__":
    main()
