#!/usr/bin/env python3
"""Write a torchvision ResNet's state_dict as safetensors, for `dann train --backbone-weights`.

    python3 scripts/export_torchvision.py resnet50 --out resnet50.safetensors              # random weights
    python3 scripts/export_torchvision.py resnet50 --pretrained --out resnet50.safetensors # ImageNet weights (downloads)

Every tensor is written as float32 under torchvision's name (conv1.weight, layer1.0.bn1.running_mean, ...);
num_batches_tracked (int64, unused in eval mode and with momentum 0.1) is left out; fc.* is kept (dann
ignores it). With --reference-out, also writes a fixed batch and torchvision's outputs for it, which
scripts/check-torchvision.sh compares with dann's: `input` [2, 3, S, S], `features_eval` (the pooled
features in eval mode, i.e. the backbone's output), `projection` (random, the shape of the features)
and `conv1_grad_train` (the gradient of sum(features * projection) w.r.t. conv1.weight in train mode).
"""
import argparse

import torch
import torchvision
from safetensors.torch import save_file


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("arch", choices=["resnet18", "resnet34", "resnet50"])
    parser.add_argument("--out", required=True, help="the state_dict as .safetensors")
    parser.add_argument("--pretrained", action="store_true", help="torchvision's ImageNet weights (DEFAULT); needs them cached or internet")
    parser.add_argument("--reference-out", help="also write a fixed batch and torchvision's outputs for it")
    parser.add_argument("--input-size", type=int, default=64, help="height and width of the reference batch")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    weights = "DEFAULT" if args.pretrained else None
    model = getattr(torchvision.models, args.arch)(weights=weights)
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
    save_file(state, args.out, metadata={"format": "pt", "source": f"torchvision {torchvision.__version__} {args.arch}"})
    print(f"{args.out}: {len(state)} tensors ({args.arch}, {'pretrained' if args.pretrained else 'random'} weights)")

    if args.reference_out:
        backbone = torch.nn.Sequential(*list(model.children())[:-1], torch.nn.Flatten(1))  # everything but fc
        generator = torch.Generator().manual_seed(args.seed + 2)
        batch = torch.randn(2, 3, args.input_size, args.input_size, generator=generator)
        model.eval()
        with torch.no_grad():
            features_eval = backbone(batch)
        projection = torch.randn(features_eval.shape, generator=generator)
        model.train()
        model.zero_grad()
        (backbone(batch) * projection).sum().backward()
        save_file({"input": batch, "features_eval": features_eval.contiguous(), "projection": projection,
                   "conv1_grad_train": model.conv1.weight.grad.contiguous()}, args.reference_out, metadata={"format": "pt"})
        print(f"{args.reference_out}: a {list(batch.shape)} batch, eval features {list(features_eval.shape)}, conv1 gradient")


if __name__ == "__main__":
    main()
