#!/usr/bin/env python3
"""Trains a small EDSR-baseline-style x4 network briefly in PyTorch, exports it to ONNX for rnd4j,
and evaluates it on Set5 under rnd4j's protocol, so that rnd4j's fine-tuning can be compared with
what PyTorch computes for the same network.

Degradation: rnd4j's `sr` task with `downsample: average` (y = mean of each 4x4 block), so both
sides make identical observations. Protocol (as rnd4j's eval): the output clipped to [0, 1] and
rounded to 8-bit levels, BT.601 luma 16 + 65.481 R + 128.553 G + 24.966 B (of [0, 1] values),
4 border pixels cropped, PSNR per image with peak 1, averaged over the 5 images.

Writes edsr_x4.onnx (input "y", output "xr") and pytorch_set5.json next to this file.
Run from the repository root where Debian's python3-torch (1.13) is installed:
    /usr/bin/python3 examples/pytorch-edsr/train_edsr.py
"""
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCALE, FEATS, BLOCKS, STEPS, PATCH, BATCH = 4, 32, 4, 1500, 96, 16


class EdsrBaseline(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.4488, 0.4371, 0.4040]).view(1, 3, 1, 1))
        self.head = nn.Conv2d(3, FEATS, 3, padding=1)
        self.blocks = nn.ModuleList([nn.Sequential(nn.Conv2d(FEATS, FEATS, 3, padding=1), nn.ReLU(),
                                                   nn.Conv2d(FEATS, FEATS, 3, padding=1)) for _ in range(BLOCKS)])
        self.body_end = nn.Conv2d(FEATS, FEATS, 3, padding=1)
        self.up = nn.Sequential(nn.Conv2d(FEATS, 4 * FEATS, 3, padding=1), nn.PixelShuffle(2),
                                nn.Conv2d(FEATS, 4 * FEATS, 3, padding=1), nn.PixelShuffle(2))
        self.tail = nn.Conv2d(FEATS, 3, 3, padding=1)

    def forward(self, y):
        h = self.head(y - self.mean)
        r = h
        for b in self.blocks:
            r = r + b(r)
        return self.tail(self.up(self.body_end(r) + h)) + self.mean


def load(path):
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255.0


def degrade(x):
    return F.avg_pool2d(x, SCALE)


def luma(img):
    return (16.0 + 65.481 * img[0] + 128.553 * img[1] + 24.966 * img[2]) / 255.0


def set5_psnr(model):
    folder = os.path.join(ROOT, "datasets", "set5")
    psnrs = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".png"):
            continue
        hr = load(os.path.join(folder, name))
        h, w = hr.shape[0] // SCALE * SCALE, hr.shape[1] // SCALE * SCALE
        x = torch.from_numpy(hr[:h, :w].transpose(2, 0, 1).copy()).unsqueeze(0)
        with torch.no_grad():
            out = model(degrade(x))[0].clamp(0, 1).numpy()
        out = np.round(out.astype(np.float32) * 255) / 255
        a, b = luma(out.astype(np.float64)), luma(x[0].numpy().astype(np.float64))
        c = SCALE
        mse = np.mean((a[c:-c, c:-c] - b[c:-c, c:-c]) ** 2)
        psnrs[name] = 10 * math.log10(1.0 / mse)
    return psnrs


def main():
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    torch.set_num_threads(2)
    t91 = os.path.join(ROOT, "datasets", "t91")
    images = [load(os.path.join(t91, f)) for f in sorted(os.listdir(t91)) if f.endswith(".png")]
    images = [im for im in images if im.shape[0] >= PATCH and im.shape[1] >= PATCH]
    model = EdsrBaseline()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, STEPS, eta_min=1e-5)
    start = time.time()
    for step in range(1, STEPS + 1):
        batch = []
        for _ in range(BATCH):
            im = images[rng.integers(len(images))]
            i, j = rng.integers(im.shape[0] - PATCH + 1), rng.integers(im.shape[1] - PATCH + 1)
            p = im[i:i + PATCH, j:j + PATCH]
            if rng.integers(2):
                p = p[:, ::-1]
            batch.append(p.transpose(2, 0, 1))
        x = torch.from_numpy(np.ascontiguousarray(np.stack(batch)))
        loss = F.l1_loss(model(degrade(x)), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 250 == 0:
            print(f"step {step} loss {loss.item():.4f} {time.time() - start:.0f} s", flush=True)
    model.eval()
    psnrs = set5_psnr(model)
    mean = sum(psnrs.values()) / len(psnrs)
    print(f"Set5 x4 (average-pool LR) Y-PSNR {mean:.4f} dB: {psnrs}")
    torch.onnx.export(model, torch.rand(1, 3, 24, 24), os.path.join(HERE, "edsr_x4.onnx"), input_names=["y"], output_names=["xr"],
                      opset_version=13, do_constant_folding=True,
                      dynamic_axes={"y": {0: "n", 2: "h", 3: "w"}, "xr": {0: "n", 2: "h", 3: "w"}})
    with open(os.path.join(HERE, "pytorch_set5.json"), "w") as f:
        json.dump({"psnr": mean, "images": psnrs, "steps": STEPS, "feats": FEATS, "blocks": BLOCKS, "patch": PATCH, "batch": BATCH,
                   "torch": torch.__version__, "seconds": round(time.time() - start)}, f, indent=2)
    print("wrote edsr_x4.onnx and pytorch_set5.json")


if __name__ == "__main__":
    main()
