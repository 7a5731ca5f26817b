#!/usr/bin/env python3
"""Write a torchvision ResNet's state_dict as safetensors, for `dann train --backbone-weights`.

    python3 scripts/export_torchvision.py resnet50 --out resnet50.safetensors              # random weights
    python3 scripts/export_torchvision.py resnet50 --pretrained --out resnet50.safetensors # ImageNet weights (downloads)

Every tensor is written as float32 under torchvision's name (conv1.weight, layer1.0.bn1.running_mean, ...);
num_batches_tracked (int64, unused in eval mode and with momentum 0.1) is left out; fc.* is kept (dann
ignores it). With --reference-out, also writes a fixed batch and torchvision's outputs for it, which
scripts/check-torchvision.sh compares with dann's: `input` [2, 3, S, S], `features_eval` (the pooled
features in eval mode, i.e. the backbone's output), `projection` (random, the shape of the features)
and, in train mode, `grad_train:NAME` (the gradient of sum(features * projection) w.r.t. conv1.weight and
the last convolution's weight, computed in float64) with `float32_error:NAME` (how far PyTorch's own
float32 gradient is from it: the check's tolerance is max(1e-3, 4 × that)).
"""
import argparse
import copy

import torch

try:
    import torchvision
    SOURCE = f"torchvision {torchvision.__version__}"
except Exception as error:  # missing, or a build that does not match the installed torch
    torchvision = None
    SOURCE = f"torchvision's ResNet restated in PyTorch {torch.__version__} (torchvision unavailable: {type(error).__name__})"


class BasicBlock(torch.nn.Module):
    """torchvision.models.resnet.BasicBlock, with its attribute (and so state_dict) names."""
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(planes)
        self.relu = torch.nn.ReLU(inplace=True)
        self.conv2 = torch.nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = torch.nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class Bottleneck(torch.nn.Module):
    """torchvision.models.resnet.Bottleneck (v1.5: the stride on the 3×3 convolution)."""
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(planes)
        self.conv2 = torch.nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = torch.nn.BatchNorm2d(planes)
        self.conv3 = torch.nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = torch.nn.BatchNorm2d(planes * 4)
        self.relu = torch.nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.relu(self.bn3(self.conv3(out)) + identity)


class ResNet(torch.nn.Module):
    """torchvision.models.resnet.ResNet's layout and initialisation, for when torchvision cannot be imported."""

    def __init__(self, block, layers, num_classes=1000):
        super().__init__()
        self.inplanes = 64
        self.conv1 = torch.nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(64)
        self.relu = torch.nn.ReLU(inplace=True)
        self.maxpool = torch.nn.MaxPool2d(3, 2, 1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], 2)
        self.layer3 = self._make_layer(block, 256, layers[2], 2)
        self.layer4 = self._make_layer(block, 512, layers[3], 2)
        self.avgpool = torch.nn.AdaptiveAvgPool2d((1, 1))
        self.fc = torch.nn.Linear(512 * block.expansion, num_classes)
        for module in self.modules():
            if isinstance(module, torch.nn.Conv2d):
                torch.nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = torch.nn.Sequential(torch.nn.Conv2d(self.inplanes, planes * block.expansion, 1, stride, bias=False),
                                             torch.nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return torch.nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def copy_module(model):
    return copy.deepcopy(model)


RESTATED = {"resnet18": (BasicBlock, [2, 2, 2, 2]), "resnet34": (BasicBlock, [3, 4, 6, 3]), "resnet50": (Bottleneck, [3, 4, 6, 3])}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("arch", choices=["resnet18", "resnet34", "resnet50"])
    parser.add_argument("--out", required=True, help="the state_dict as .safetensors")
    parser.add_argument("--pretrained", action="store_true", help="torchvision's ImageNet weights (DEFAULT); needs them cached or internet")
    parser.add_argument("--reference-out", help="also write a fixed batch and torchvision's outputs for it")
    parser.add_argument("--input-size", type=int, default=64, help="height and width of the reference batch")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from safetensors.torch import save_file  # here, so that benchmarks/pytorch_reference.py can import the network without it

    torch.manual_seed(args.seed)
    if torchvision is not None:
        model = getattr(torchvision.models, args.arch)(weights="DEFAULT" if args.pretrained else None)
    elif args.pretrained:
        raise SystemExit(f"--pretrained needs torchvision, which cannot be imported here ({SOURCE})")
    else:
        block, layers = RESTATED[args.arch]
        model = ResNet(block, layers)
    state = {name: tensor.detach().to(torch.float32).contiguous()
             for name, tensor in model.state_dict().items() if not name.endswith("num_batches_tracked")}
    if not args.pretrained:
        # Fresh batch-norm layers hold mean 0 and variance 1: random statistics make the check meaningful.
        generator = torch.Generator().manual_seed(args.seed + 1)
        for name in state:
            one_dimensional = state[name].dim() == 1  # batch norm's (and fc.bias)
            if name.endswith("running_mean") or (one_dimensional and name.endswith(".bias")):
                state[name] = 0.1 * torch.randn(state[name].shape, generator=generator)
            elif name.endswith("running_var") or (one_dimensional and name.endswith(".weight")):
                state[name] = 0.5 + torch.rand(state[name].shape, generator=generator)
        model.load_state_dict(state, strict=False)
    save_file(state, args.out, metadata={"format": "pt", "source": f"{SOURCE} {args.arch}"})
    print(f"{args.out}: {len(state)} tensors ({args.arch}, {'pretrained' if args.pretrained else 'random'} weights, from {SOURCE})")

    if args.reference_out:
        backbone = torch.nn.Sequential(*list(model.children())[:-1], torch.nn.Flatten(1))  # everything but fc
        generator = torch.Generator().manual_seed(args.seed + 2)
        batch = torch.randn(2, 3, args.input_size, args.input_size, generator=generator)
        model.eval()
        with torch.no_grad():
            features_eval = backbone(batch)
        projection = torch.randn(features_eval.shape, generator=generator)
        # The gradient of sum(features * projection) w.r.t. the first and the last convolution, in
        # train and eval mode, in float64 (the reference) and float32 (whose distance from float64
        # says how well float32 can do at all: deep train-mode batch norm on a small batch amplifies
        # rounding), and the train-mode features.
        last = "layer4.2.conv3.weight" if args.arch == "resnet50" else ("layer4.1.conv2.weight" if args.arch == "resnet18" else "layer4.2.conv2.weight")
        out = {"input": batch, "features_eval": features_eval.contiguous(), "projection": projection}
        for mode in ("train", "eval"):
            gradients, features = {}, {}
            for dtype in (torch.float64, torch.float32):
                copy = copy_module(model).to(dtype).train(mode == "train")
                copy.zero_grad()
                head = torch.nn.Sequential(*list(copy.children())[:-1], torch.nn.Flatten(1))
                output = head(batch.to(dtype))
                (output * projection.to(dtype)).sum().backward()
                parameters = dict(copy.named_parameters())
                gradients[dtype] = {name: parameters[name].grad.detach().to(torch.float64) for name in ("conv1.weight", last)}
                features[dtype] = output.detach().to(torch.float64)
            if mode == "train":
                exact = features[torch.float64]
                out["features_train"] = exact.to(torch.float32).contiguous()
                out["float32_error_features_train"] = torch.tensor([((features[torch.float32] - exact).abs().max() / exact.abs().max()).item()], dtype=torch.float32)
            for name, exact in gradients[torch.float64].items():
                single = gradients[torch.float32][name]
                out[f"grad_{mode}:{name}"] = exact.to(torch.float32).contiguous()
                out[f"float32_error_{mode}:{name}"] = torch.tensor([((single - exact).abs().max() / exact.abs().max()).item()], dtype=torch.float32)
        save_file(out, args.reference_out, metadata={"format": "pt"})
        print(f"{args.reference_out}: a {list(batch.shape)} batch, eval features {list(features_eval.shape)}, train-mode gradients of conv1 and {last}")


if __name__ == "__main__":
    main()
