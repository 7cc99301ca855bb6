#!/usr/bin/env python3
"""PyTorch twin of `rnd4j bench`: the same reference workload, the same figures.

SR x4 with RND: conv3x3 3->F + ReLU, D residual blocks (conv, ReLU, conv, skip),
conv3x3 F->3*s*s, pixel shuffle, RND projection (average pooling A, replicate A+),
MSE loss, Adam lr 1e-4; batch 16, LR 24x24 -> HR 96x96, random data, fixed seed.
Inference: one 256x256 LR image -> x4.

Runs where Debian's python3-torch is installed (apt-get install python3-torch);
never part of the tests. Usage: /usr/bin/python3 bench/pytorch_bench.py [--threads 2]
"""
import argparse
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, scale, feats, blocks, rnd):
        super().__init__()
        self.scale, self.rnd = scale, rnd
        self.head = nn.Conv2d(3, feats, 3, padding=1)
        self.blocks = nn.ModuleList(
            nn.Sequential(nn.Conv2d(feats, feats, 3, padding=1), nn.ReLU(), nn.Conv2d(feats, feats, 3, padding=1))
            for _ in range(blocks))
        self.up = nn.Conv2d(feats, 3 * scale * scale, 3, padding=1)

    def A(self, x):
        return F.avg_pool2d(x, self.scale)

    def pinv(self, y):
        return y.repeat_interleave(self.scale, 2).repeat_interleave(self.scale, 3)

    def forward(self, y):
        h = F.relu(self.head(y))
        for b in self.blocks:
            h = h + b(h)
        xr = F.pixel_shuffle(self.up(h), self.scale)
        if not self.rnd:
            return xr
        return xr + self.pinv(y - self.A(xr))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--patch", type=int, default=96)
    p.add_argument("--scale", type=int, default=4)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--warmup", type=int, default=60)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rnd", type=lambda s: s.lower() == "true", default=True)
    p.add_argument("--infer-size", type=int, default=256)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    net = Net(a.scale, a.width, a.depth, a.rnd)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    ms = []
    for i in range(a.warmup + a.steps):
        x = torch.rand(a.batch, 3, a.patch, a.patch)
        y = F.avg_pool2d(x, a.scale)
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(net(y), x)
        loss.backward()
        opt.step()
        t1 = time.perf_counter()
        if i >= a.warmup:
            ms.append((t1 - t0) * 1000)
    med = statistics.median(ms)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(f"train step: median {med:.1f} ms, min {min(ms):.1f}, max {max(ms):.1f} (max/median {max(ms)/med:.2f}), "
          f"{a.batch * 1000 / med:.1f} images/s")

    xr = torch.rand(a.batch, 3, a.patch, a.patch, requires_grad=True)
    y = torch.rand(a.batch, 3, a.patch // a.scale, a.patch // a.scale)
    g = torch.rand_like(xr)
    t = []
    for i in range(23):
        t0 = time.perf_counter()
        out = xr + net.pinv(y - net.A(xr))
        (out * g).sum().backward()
        xr.grad = None
        if i >= 3:
            t.append((time.perf_counter() - t0) * 1000)
    rnd_ms = statistics.median(t)
    print(f"RND projection (forward + backward): {rnd_ms:.2f} ms = {100 * rnd_ms / med:.2f}% of a step")

    big = torch.rand(1, 3, a.infer_size, a.infer_size)
    with torch.no_grad():
        net(big)
        inf = []
        for _ in range(3):
            t0 = time.perf_counter()
            net(big)
            inf.append((time.perf_counter() - t0) * 1000)
    inf_ms = statistics.median(inf)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inference: {a.infer_size}x{a.infer_size} -> x{a.scale} in {inf_ms:.1f} ms; peak RSS {rss:.0f} MB")
    print(f"RESULT ms_per_step_median={med:.1f} images_per_s={a.batch * 1000 / med:.1f} peak_rss_mb={rss:.0f} "
          f"rnd_share={rnd_ms / med:.4f} infer_ms={inf_ms:.1f}")


if __name__ == "__main__":
    main()
