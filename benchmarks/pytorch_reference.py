"""PyTorch reference for `dann bench`: the same DANN model (the paper's MNIST network, or with
--backbone a torchvision ResNet with DANN's Office-31 heads), input shape, padding, batch and SGD
step (with a gradient reversal layer), timed the same way. Run only by the benchmark scripts,
never by the tests. Prints one JSON object with the same keys as `dann bench --json`.

    python3 benchmarks/pytorch_reference.py --threads 2 --padding same
    python3 benchmarks/pytorch_reference.py --threads 2 --backbone resnet50 --input-size 224
"""
import argparse
import json
import os
import statistics
import sys
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


class OfficeDANN(nn.Module):
    """A ResNet without fc (torchvision's, or the same network restated by scripts/export_torchvision.py),
    a 256-wide bottleneck before 31 classes and a 1024-1024 domain classifier: `dann bench --backbone`."""

    def __init__(self, arch):
        super().__init__()
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
        import export_torchvision
        if export_torchvision.torchvision is not None:
            resnet = getattr(export_torchvision.torchvision.models, arch)(weights=None)
        else:
            block, layers = export_torchvision.RESTATED[arch]
            resnet = export_torchvision.ResNet(block, layers)
        self.source = export_torchvision.SOURCE
        width = resnet.fc.in_features
        self.backbone = nn.Sequential(*list(resnet.children())[:-1], nn.Flatten(1))
        self.label = nn.Sequential(nn.Linear(width, 256), nn.ReLU(), nn.Linear(256, 31))
        self.domain = nn.Sequential(nn.Linear(width, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 1))

    def features(self, x):
        return self.backbone(x)

    def forward(self, x, scale):
        f = self.features(x)
        return self.label(f), self.domain(GradientReversal.apply(f, scale))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--padding", choices=["same", "valid"], default="same")
    parser.add_argument("--batch-size", type=int, default=None, help="64, or 32 with a ResNet")
    parser.add_argument("--steps", type=int, default=None, help="20, or 5 with a ResNet")
    parser.add_argument("--inference-batch", type=int, default=None, help="256, or the batch size with a ResNet")
    parser.add_argument("--backbone", choices=["lenet", "resnet18", "resnet34", "resnet50"], default="lenet")
    parser.add_argument("--input-size", type=int, default=None, help="32, or 224 with a ResNet")
    args = parser.parse_args()
    resnet = args.backbone != "lenet"
    args.batch_size = args.batch_size or (32 if resnet else 64)
    args.inference_batch = args.inference_batch or (args.batch_size if resnet else 256)
    args.steps = args.steps or (5 if resnet else 20)
    size = args.input_size or (224 if resnet else 32)
    torch.set_num_threads(args.threads)
    torch.manual_seed(7)
    shape = [3, size, size]
    model = OfficeDANN(args.backbone) if resnet else DANN(shape[0], shape[1], args.padding == "same")
    classes = 31 if resnet else 10
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    n = args.batch_size
    source = torch.rand(n, *shape) - 0.5
    target = torch.rand(n, *shape) - 0.5
    labels = torch.randint(0, classes, (n,))
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
        "implementation": f"pytorch {torch.__version__}" + (f" ({model.source})" if resnet else ""),
        "train_step_ms": statistics.median(times),
        "inference_images_per_second": args.inference_batch / statistics.median(inference),
        "threads": args.threads,
        "batch_per_domain": n,
        "input_shape": shape,
        "padding": "n/a" if resnet else args.padding,
        "backbone": args.backbone,
        "inference_batch": args.inference_batch,
    }))


if __name__ == "__main__":
    main()
