#!/usr/bin/env python3
"""Writes small ONNX files of the usual PyTorch SR building blocks for rnd4j's ONNX reader tests,
each with a reference input and PyTorch's output (<name>_io.json):

  fsrcnn   PReLU (per channel) + 9x9 stride-4 ConvTranspose with output_padding (x4)
  edsr     mean shift (Sub/Add of a [1,3,1,1] constant), residual scaling (Mul by 0.1), two PixelShuffle x2 (x4)
  espcn    Tanh, PixelShuffle x4, and a bilinear Resize skip (align_corners=False) (x4)
  rcan     channel attention: GlobalAveragePool -> 1x1 convs -> Sigmoid -> broadcast Mul (image space)
  unet     stride-2 Conv, ConvTranspose, Concat, LeakyReLU (image space)
  resize   nearest and bicubic Resize, a dilated, a depthwise and a grouped Conv, Clip, Div and Sub by constants (x2)

Weights are random (seeded) and small networks keep the files a few KB. Run where Debian's
python3-torch (1.13) is installed:  cd src/test/resources/onnx && /usr/bin/python3 make_sr_nets.py
"""
import json

import torch
import torch.nn as nn
import torch.nn.functional as F


class Fsrcnn(nn.Module):
    def __init__(self, d=16, s=8, m=1):
        super().__init__()
        layers = [nn.Conv2d(3, d, 5, padding=2), nn.PReLU(d), nn.Conv2d(d, s, 1), nn.PReLU(s)]
        for _ in range(m):
            layers += [nn.Conv2d(s, s, 3, padding=1), nn.PReLU(s)]
        layers += [nn.Conv2d(s, d, 1), nn.PReLU(d)]
        self.body = nn.Sequential(*layers)
        self.last = nn.ConvTranspose2d(d, 3, 9, stride=4, padding=4, output_padding=3)

    def forward(self, x):
        return self.last(self.body(x))


class Edsr(nn.Module):
    def __init__(self, f=16, blocks=2, res_scale=0.1):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.4488, 0.4371, 0.4040]).view(1, 3, 1, 1))
        self.head = nn.Conv2d(3, f, 3, padding=1)
        self.blocks = nn.ModuleList([nn.Sequential(nn.Conv2d(f, f, 3, padding=1), nn.ReLU(), nn.Conv2d(f, f, 3, padding=1))
                                     for _ in range(blocks)])
        self.res_scale = res_scale
        self.body_end = nn.Conv2d(f, f, 3, padding=1)
        self.up = nn.Sequential(nn.Conv2d(f, 4 * f, 3, padding=1), nn.PixelShuffle(2),
                                nn.Conv2d(f, 4 * f, 3, padding=1), nn.PixelShuffle(2))
        self.tail = nn.Conv2d(f, 3, 3, padding=1)

    def forward(self, x):
        x = x - self.mean
        h = self.head(x)
        r = h
        for b in self.blocks:
            r = r + b(r) * self.res_scale
        r = self.body_end(r) + h
        return self.tail(self.up(r)) + self.mean


class Espcn(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 16, 5, padding=2)
        self.c2 = nn.Conv2d(16, 8, 3, padding=1)
        self.c3 = nn.Conv2d(8, 3 * 16, 3, padding=1)
        self.shuffle = nn.PixelShuffle(4)

    def forward(self, x):
        skip = F.interpolate(x, scale_factor=4, mode="bilinear", align_corners=False)
        return self.shuffle(self.c3(torch.tanh(self.c2(torch.tanh(self.c1(x)))))) + skip


class Rcan(nn.Module):
    def __init__(self, f=16, r=4):
        super().__init__()
        self.head = nn.Conv2d(3, f, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.down = nn.Conv2d(f, f // r, 1)
        self.upc = nn.Conv2d(f // r, f, 1)
        self.tail = nn.Conv2d(f, 3, 3, padding=1)

    def forward(self, x):
        h = self.head(x)
        a = torch.sigmoid(self.upc(F.relu(self.down(self.pool(h)))))
        return x + self.tail(h * a)


class Unet(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, padding=1)
        self.down = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.up = nn.ConvTranspose2d(16, 8, 2, stride=2)
        self.out = nn.Conv2d(16, 3, 3, padding=1)

    def forward(self, x):
        a = F.leaky_relu(self.c1(x), 0.2)
        b = F.leaky_relu(self.down(a), 0.2)
        u = self.up(b)
        return x + self.out(torch.cat([a, u], dim=1))


class Resizer(nn.Module):
    def __init__(self):
        super().__init__()
        self.dw = nn.Conv2d(3, 6, 3, padding=1, groups=3)
        self.grp = nn.Conv2d(6, 4, (3, 5), padding=(1, 2), groups=2)
        self.dil = nn.Conv2d(4, 3, 3, padding=2, dilation=2)

    def forward(self, x):
        n = F.interpolate(x, scale_factor=2, mode="nearest")
        c = F.interpolate(x, scale_factor=2, mode="bicubic", align_corners=False)
        f = self.dil(F.relu(self.grp(F.relu(self.dw(x / 2.0)))))
        return torch.clamp(n - 0.5, -0.25, 0.75) + c + F.interpolate(f, scale_factor=2, mode="bilinear", align_corners=False)


def export(name, model, shape):
    model.eval()
    torch.onnx.export(model, torch.rand(*shape), name + ".onnx", input_names=["x"], output_names=["xr"], opset_version=13,
                      do_constant_folding=True, dynamic_axes={"x": {0: "n", 2: "h", 3: "w"}, "xr": {0: "n", 2: "h", 3: "w"}})
    x = torch.rand(2, shape[1], shape[2] + 2, shape[3] + 4)
    with torch.no_grad():
        out = model(x)
    with open(name + "_io.json", "w") as f:
        json.dump({"x": {"shape": list(x.shape), "data": x.flatten().tolist()},
                   "xr": {"shape": list(out.shape), "data": out.flatten().tolist()}}, f)
    print("wrote", name + ".onnx", name + "_io.json", tuple(x.shape), "->", tuple(out.shape))


torch.manual_seed(1)
nets = {"fsrcnn": (Fsrcnn(), (1, 3, 6, 8)), "edsr": (Edsr(), (1, 3, 6, 8)), "espcn": (Espcn(), (1, 3, 6, 8)),
        "rcan": (Rcan(), (1, 3, 12, 16)), "unet": (Unet(), (1, 3, 12, 16)), "resize": (Resizer(), (1, 3, 6, 8))}
for name, (m, shape) in nets.items():
    with torch.no_grad():   # PReLU slopes and biases away from their initial values
        for p in m.parameters():
            p.add_(0.05 * torch.randn_like(p))
    export(name, m, shape)
