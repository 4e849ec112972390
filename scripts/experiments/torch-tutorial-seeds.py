# PyTorch's own seed spread for the pruning tutorial's LeNet-5 experiments: trains the tutorial's
# model with its settings (3 epochs, SGD lr 0.01 momentum 0.5, batch 64, reshuffled every epoch, NLL
# loss) on full MNIST once per seed, then prunes copies of it with torch.nn.utils.prune, L1
# unstructured on the four weight tensors (the tutorial's pruning): 50 % per layer, 90 % with one
# global threshold, 90 % per layer; no fine-tuning. Prints one JSON line per seed as it finishes and,
# at the end, mean ± sample sd and min–max per experiment.
#   /usr/bin/python3 torch-tutorial-seeds.py DATA_DIR [--seeds 1-10] [--budget-min 30] [--threads 1]
# Stops starting new seeds once --budget-min minutes have passed (at least 5 seeds are always run).
#   python3 torch-tutorial-seeds.py --table LOG   prints the markdown table of the seed lines in LOG
# (a run's output, also one stopped early).
import argparse
import copy
import json
import os
import statistics
import sys
import time

EXPERIMENTS = ('dense', '50 % per layer', '90 % global', '90 % per layer')


def table(log_path):
    rows = []
    with open(log_path) as f:
        for line in f:
            if line.startswith('{'):
                rows.append(json.loads(line))
    seeds = [r['seed'] for r in rows]
    print(f'| experiment | PyTorch, seeds {", ".join(map(str, seeds))}: mean ± sd | min–max | each seed |')
    print('|---|---:|---:|---|')
    for name in EXPERIMENTS:
        accs = [r[name] for r in rows]
        sd = f'{statistics.stdev(accs):.2f}' if len(accs) > 1 else '–'
        each = ', '.join(f'{a:.2f}' for a in accs)
        print(f'| {name} | {statistics.mean(accs):.2f} ± {sd} % | {min(accs):.2f}–{max(accs):.2f} % | {each} |')
    print(f'\nSeconds per seed (wall, shared machine): {", ".join(str(r["seconds"]) for r in rows)}')


if __name__ == '__main__' and len(sys.argv) == 3 and sys.argv[1] == '--table':
    table(sys.argv[2])  # no torch needed
    sys.exit(0)

import torch
import torch.nn.functional as F
import torch.nn.utils.prune as prune

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bench', 'peer'))
from torch_lenet import Net, load  # noqa: E402

LAYERS = ('conv1', 'conv2', 'fc1', 'fc2')


def train(x, y, seed, epochs=3):
    torch.manual_seed(seed)
    model = Net()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    gen = torch.Generator().manual_seed(seed)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(x.shape[0], generator=gen)
        for i in range(0, x.shape[0], 64):
            batch = order[i:i + 64]
            opt.zero_grad()
            F.nll_loss(model(x[batch]), y[batch]).backward()
            opt.step()
    return model


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], 1000):
            correct += int((model(x[i:i + 1000]).argmax(dim=1) == y[i:i + 1000]).sum())
    return 100.0 * correct / x.shape[0]


def pruned(model, amount, scope):
    m = copy.deepcopy(model)
    params = [(getattr(m, name), 'weight') for name in LAYERS]
    if scope == 'global':
        prune.global_unstructured(params, pruning_method=prune.L1Unstructured, amount=amount)
    else:
        for module, name in params:
            prune.l1_unstructured(module, name=name, amount=amount)
    zeros = sum(int((getattr(m, n).weight == 0).sum()) for n in LAYERS)
    total = sum(getattr(m, n).weight.numel() for n in LAYERS)
    return m, 100.0 * zeros / total


def seed_list(spec):
    if '-' in spec:
        a, b = spec.split('-')
        return list(range(int(a), int(b) + 1))
    return [int(s) for s in spec.split(',') if s]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('data_dir')
    ap.add_argument('--seeds', default='1-10')
    ap.add_argument('--budget-min', type=float, default=30)
    ap.add_argument('--threads', type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    xtr, ytr = load(args.data_dir, 'train')
    xte, yte = load(args.data_dir, 'test')
    experiments = {
        'dense': None,
        '50 % per layer': (0.5, 'layer'),
        '90 % global': (0.9, 'global'),
        '90 % per layer': (0.9, 'layer'),
    }
    results = {k: [] for k in experiments}
    seeds_done = []
    start = time.time()
    for seed in seed_list(args.seeds):
        if len(seeds_done) >= 5 and time.time() - start > args.budget_min * 60:
            break
        t0 = time.time()
        model = train(xtr, ytr, seed)
        row = {'seed': seed}
        for name, spec in experiments.items():
            if spec is None:
                acc = accuracy(model, xte, yte)
            else:
                m, sparsity = pruned(model, *spec)
                acc = accuracy(m, xte, yte)
                row[name + ' sparsity'] = round(sparsity, 4)
            row[name] = acc
            results[name].append(acc)
        row['seconds'] = round(time.time() - t0, 1)
        seeds_done.append(seed)
        print(json.dumps(row), flush=True)
    print(f'\nPyTorch {torch.__version__}, {args.threads} thread(s), seeds {seeds_done}, '
          f'{(time.time() - start) / 60:.1f} min')
    for name, accs in results.items():
        sd = statistics.stdev(accs) if len(accs) > 1 else 0.0
        print(f'{name}: {statistics.mean(accs):.2f} ± {sd:.2f} % ({min(accs):.2f}–{max(accs):.2f} %), n = {len(accs)}')


if __name__ == '__main__':
    main()
