# The GPU peer for gpu-check: the pruning tutorial's LeNet-5 (conv 20@5x5, ReLU, max-pool 2,
# conv 50@5x5, ReLU, max-pool 2, fc 500 ReLU, fc 10) trained with its settings (SGD lr 0.01,
# momentum 0.5, cross-entropy) on the MNIST files the app uses, on the same GPU, at the batch
# sizes gpu-check measures (64 and 512), plus test-set inference (batch 1000).
# Two figures per batch size: 'host' builds every batch on the CPU (uint8 -> normalised float,
# then copied to the GPU), the work PruneLab's loop does per step; 'resident' keeps the whole
# set on the GPU and only indexes it, the fastest PyTorch gets. Prints one JSON object last.
#   python3 torch_lenet.py --data DIR [--steps 300] [--device cuda] [--dry-run]
# --dry-run: the CPU, 3 steps per figure and 2,000 test images (checks the script, measures nothing).
import argparse
import gzip
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN, STD = 0.1307, 0.3081


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.fc1 = nn.Linear(800, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


def idx(path, header):
    with gzip.open(path, 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header).copy()


def sync(device):
    if device.type == 'cuda':
        torch.cuda.synchronize()


def train_rate(images, labels, device, batch, steps, warmup, resident):
    torch.manual_seed(1)
    model = LeNet5().to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    n = images.shape[0]
    order = np.random.default_rng(1).permutation(n)
    if resident:
        x_all = ((torch.from_numpy(images).float() / 255 - MEAN) / STD).view(-1, 1, 28, 28).to(device)
        y_all = torch.from_numpy(labels.astype(np.int64)).to(device)
        idx_all = torch.from_numpy(order).to(device)

    def batch_at(i):
        sel = order[(i * batch) % (n - batch):][:batch]
        if resident:
            j = idx_all[(i * batch) % (n - batch):][:batch]
            return x_all[j], y_all[j]
        x = (torch.from_numpy(images[sel]).float() / 255 - MEAN) / STD
        return x.view(-1, 1, 28, 28).to(device, non_blocking=False), torch.from_numpy(labels[sel].astype(np.int64)).to(device)

    losses = []

    def step(i):
        x, y = batch_at(i)
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.detach()

    for i in range(warmup):
        step(i)
    sync(device)
    t0 = time.perf_counter()
    for i in range(steps):
        losses.append(step(warmup + i))
    sync(device)
    seconds = time.perf_counter() - t0
    l = torch.stack(losses).cpu().numpy()
    tenth = max(1, steps // 10)
    return model, {'batch': batch, 'steps': steps, 'seconds': seconds, 'imagesPerSec': batch * steps / seconds,
                   'lossFirst': float(l[:tenth].mean()), 'lossLast': float(l[-tenth:].mean())}


def infer_rate(model, images, labels, device, batch):
    model.eval()
    x = ((torch.from_numpy(images).float() / 255 - MEAN) / STD).view(-1, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))

    def run():
        correct = 0
        with torch.no_grad():
            for s in range(0, x.shape[0], batch):
                logits = model(x[s:s + batch].to(device))
                correct += (logits.argmax(1).cpu() == y[s:s + batch]).sum().item()
        return correct

    run()
    sync(device)
    t0 = time.perf_counter()
    correct = run()
    seconds = time.perf_counter() - t0
    return {'batch': batch, 'images': int(x.shape[0]), 'seconds': seconds, 'imagesPerSec': x.shape[0] / seconds,
            'accuracy': correct / x.shape[0]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--data', required=True)
    p.add_argument('--steps', type=int, default=300)
    p.add_argument('--device', default='cuda')
    p.add_argument('--dry-run', action='store_true')
    a = p.parse_args()
    device = torch.device('cpu' if a.dry_run or not torch.cuda.is_available() else a.device)
    steps, warmup = (3, 1) if a.dry_run else (a.steps, 20)
    train_x = idx(f'{a.data}/train-images-idx3-ubyte.gz', 16).reshape(-1, 784)
    train_y = idx(f'{a.data}/train-labels-idx1-ubyte.gz', 8)
    test_x = idx(f'{a.data}/t10k-images-idx3-ubyte.gz', 16).reshape(-1, 784)
    test_y = idx(f'{a.data}/t10k-labels-idx1-ubyte.gz', 8)
    if a.dry_run:
        test_x, test_y = test_x[:2000], test_y[:2000]
    name = torch.cuda.get_device_name(device) if device.type == 'cuda' else 'cpu'
    print(f'torch {torch.__version__} on {name}{" (dry run: no figure is a measurement)" if a.dry_run else ""}')
    out = {'torch': torch.__version__, 'device': name, 'dryRun': a.dry_run}
    model = None
    for batch in (64, 512):
        for resident in (False, True):
            key = f'train{batch}{"Resident" if resident else "Host"}'
            model, r = train_rate(train_x, train_y, device, batch, steps if batch == 64 else max(1, steps // 3), warmup, resident)
            out[key] = r
            print(f'{key}: {r["imagesPerSec"]:.0f} images/s over {r["steps"]} steps, loss {r["lossFirst"]:.3f} -> {r["lossLast"]:.3f}')
    out['infer'] = infer_rate(model, test_x, test_y, device, 1000)
    print(f'inference: {out["infer"]["imagesPerSec"]:.0f} images/s (batch 1000)')
    print(json.dumps(out))


if __name__ == '__main__':
    main()
