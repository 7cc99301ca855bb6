#!/usr/bin/env python3
"""Writes tiny_refiner.onnx, a tiny image-space backbone for rnd4j's ONNX fine-tuning test, and
tiny_refiner_io.json (a reference input and PyTorch's output, to check the import numerically).

x -> conv3x3 3->8 + ReLU -> conv3x3 8->3 -> + x. Input "x" [N,3,H,W], output "xr" [N,3,H,W].
rnd4j feeds it A-dagger y (model.init.feed: pinv), so it serves any task, e.g. 4x SR.

Why image space: SameDiff M2.1's ONNX importer cannot import the usual upsamplers. DepthToSpace
(pixel shuffle) is mapped with the wrong data format ("DepthToSpace: input number of channels
should be divisible by square(block_size)"), ConvTranspose has no mapping ("No import process
defined for ConvTranspose"), and Resize fails ("Unable to get value from empty array").

Run where Debian's python3-torch is installed:  /usr/bin/python3 make_tiny_sr.py
"""
import json

import torch
import torch.nn as nn
import torch.nn.functional as F


class TinyRefiner(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, padding=1)
        self.c2 = nn.Conv2d(8, 3, 3, padding=1)

    def forward(self, x):
        return x + self.c2(F.relu(self.c1(x)))


torch.manual_seed(0)
model = TinyRefiner().eval()
torch.onnx.export(model, torch.rand(1, 3, 16, 16), "tiny_refiner.onnx", input_names=["x"], output_names=["xr"],
                  opset_version=13, do_constant_folding=True,
                  dynamic_axes={"x": {0: "n", 2: "h", 3: "w"}, "xr": {0: "n", 2: "h", 3: "w"}})
x = torch.rand(1, 3, 12, 20)
with torch.no_grad():
    out = model(x)
with open("tiny_refiner_io.json", "w") as f:
    json.dump({"x": {"shape": list(x.shape), "data": x.flatten().tolist()},
               "xr": {"shape": list(out.shape), "data": out.flatten().tolist()}}, f)
print("wrote tiny_refiner.onnx and tiny_refiner_io.json")
