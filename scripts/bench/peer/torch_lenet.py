# The bench's PyTorch peer: the pruning tutorial's LeNet-5 (conv 20@5x5, ReLU, max-pool 2,
# conv 50@5x5, ReLU, max-pool 2, fc 500 ReLU, fc 10, log-softmax), trained with its settings
# (SGD lr 0.01 momentum 0.5, batch 64, NLL loss) on the same MNIST files the app uses, and its
# test-set inference (batch 1000), timed for each thread count. Prints one JSON object.
#   python3 torch_lenet.py DATA_DIR [--train 9600] [--threads 1,2] [--seed 1]
# Images are decoded and normalised once up front (the tutorial's ToTensor + Normalize), so
# the figures time the model, not the DataLoader: the strictest comparison for PruneLab.
import argparse
import gzip
import json
import os
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5, 1)
        self.conv2 = nn.Conv2d(20, 50, 5, 1)
        self.fc1 = nn.Linear(4 * 4 * 50, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2, 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2, 2)
        x = x.view(-1, 4 * 4 * 50)
        return F.log_softmax(self.fc2(F.relu(self.fc1(x))), dim=1)


def idx(path, header):
    with gzip.open(path, 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def load(data_dir, split):
    prefix = 'train' if split == 'train' else 't10k'
    images = idx(os.path.join(data_dir, f'{prefix}-images-idx3-ubyte.gz'), 16).reshape(-1, 1, 28, 28)
    labels = idx(os.path.join(data_dir, f'{prefix}-labels-idx1-ubyte.gz'), 8)
    x = (torch.from_numpy(images.astype(np.float32)) / 255.0 - 0.1307) / 0.3081
    return x, torch.from_numpy(labels.astype(np.int64))


def train_rate(x, y, n, seed):
    """Median images/s over blocks of 10 steps, after a 10-step warm-up, on the first n images."""
    torch.manual_seed(seed)
    model = Net()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    model.train()
    order = torch.randperm(n)
    steps = n // 64
    rates, t0 = [], None
    for step in range(steps):
        if step >= 10 and (step - 10) % 10 == 0:
            if t0 is not None:
                rates.append(640 / (time.perf_counter() - t0))
            t0 = time.perf_counter()
        batch = order[step * 64:(step + 1) * 64]
        opt.zero_grad()
        loss = F.nll_loss(model(x[batch]), y[batch])
        loss.backward()
        opt.step()
    return statistics.median(rates) if rates else None, model


def infer_rate(model, x, passes=3):
    model.eval()
    rates = []
    with torch.no_grad():
        for _ in range(passes):
            t0 = time.perf_counter()
            for i in range(0, x.shape[0], 1000):
                model(x[i:i + 1000]).argmax(dim=1)
            rates.append(x.shape[0] / (time.perf_counter() - t0))
    return statistics.median(rates)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('data_dir')
    ap.add_argument('--train', type=int, default=9600)
    ap.add_argument('--threads', default='1,2')
    ap.add_argument('--seed', type=int, default=1)
    args = ap.parse_args()
    xtr, ytr = load(args.data_dir, 'train')
    xte, _ = load(args.data_dir, 'test')
    out = {'torch': torch.__version__, 'train': args.train, 'batch': 64, 'test': int(xte.shape[0]), 'threads': {}}
    for t in [int(v) for v in args.threads.split(',') if v]:
        torch.set_num_threads(t)
        rate, model = train_rate(xtr, ytr, args.train, args.seed)
        infer_rate(model, xte, passes=1)  # warm-up
        out['threads'][str(t)] = {'trainImagesPerSec': rate, 'inferImagesPerSec': infer_rate(model, xte)}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
