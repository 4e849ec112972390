#!/usr/bin/env bash
# Runs the packed gpu-check (scripts/gpu/dist, made by `npm run gpu-pack`) and the PyTorch
# CUDA peer on the GPU machine, from the repository root, writing what comes back to $OUT:
#   gpu-check.log, gpu-check.json (its last line), gpu-details.json, torch.log, torch.json, env.txt
# Node, dawn.node and the Vulkan loader come from the pack (the machine may have none);
# nothing is installed into /, except the device README's loader recipe as a last resort.
#   --dry-run   the same packing and commands on this machine: Chromium's SwiftShader
#               adapter, the quick gpu-check, and the peer on the CPU (PYTHON=/usr/bin/python3)
set -uo pipefail
DRY=0
[ "${1:-}" = "--dry-run" ] && DRY=1
OUT=${OUT:-$PWD/gpu-out}
mkdir -p "$OUT"
PACK=$PWD/scripts/gpu/dist
WORK=$(mktemp -d /tmp/prunelab-gpu.XXXXXX)
PYTHON=${PYTHON:-python3}
note() { echo "device-run: $*" | tee -a "$OUT/env.txt"; }
unxz_to() { # xz may be missing there: Python's lzma does the same
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"; else "$PYTHON" -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}

[ -f "$PACK/gpu-check.mjs" ] || { note "no pack in $PACK: run npm run gpu-pack first"; exit 2; }
note "$(date -u +%FT%TZ) on $(uname -n), dry run: $DRY"
cat "$PACK/PACKED.txt" >>"$OUT/env.txt"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv >>"$OUT/env.txt" 2>&1

# 1. Node, dawn.node and the bundle, unpacked outside the tree.
unxz_to "$PACK/node.xz" "$WORK/node" && chmod +x "$WORK/node"
mkdir -p "$WORK/node_modules/webgpu/dist/linux-x64"
cp "$PACK/node_modules/webgpu/index.js" "$PACK/node_modules/webgpu/package.json" "$WORK/node_modules/webgpu/"
unxz_to "$PACK/node_modules/webgpu/dist/linux-x64/dawn.node.xz" "$WORK/node_modules/webgpu/dist/linux-x64/dawn.node"
cp "$PACK/gpu-check.mjs" "$WORK/"
note "node $("$WORK/node" --version)"

# 2. The Vulkan loader and GL dispatch libraries, unpacked into a private folder.
mkdir -p "$WORK/gl"
for deb in "$PACK"/gl/*.deb; do dpkg-deb -x "$deb" "$WORK/gl"; done
LIBS="$WORK/gl/usr/lib/x86_64-linux-gnu"
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && LIBS="$LIBS:$d"; done
export LD_LIBRARY_PATH="$LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
NVIDIA_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ $DRY = 1 ]; then export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json; fi

check() { "$WORK/node" "$WORK/gpu-check.mjs" --data "$PACK/data" "$@"; }
adapter() { check --parts adapter 2>>"$OUT/env.txt" | tail -n 1; }

# 3. An adapter: the default driver search first, then the NVIDIA driver's own ICD file,
#    then the README's recipe (packages unpacked into /). A software adapter is no GPU.
A=$(adapter)
note "adapter: $A"
if [ $DRY = 0 ] && ! grep -q '"software":false' <<<"$A" && [ -f "$NVIDIA_ICD" ]; then
  export VK_ICD_FILENAMES=$NVIDIA_ICD VK_DRIVER_FILES=$NVIDIA_ICD
  A=$(adapter)
  note "adapter with $NVIDIA_ICD: $A"
  if ! grep -q '"software":false' <<<"$A"; then
    for deb in "$PACK"/gl/*.deb; do dpkg -x "$deb" /; done
    ldconfig
    A=$(adapter)
    note "adapter after the loader recipe: $A"
  fi
fi

# 4. gpu-check: full on a GPU, quick on a software adapter (a dry run, or no GPU found).
MODE=--quick
grep -q '"software":false' <<<"$A" && MODE=--full
check $MODE --details "$OUT/gpu-details.json" 2>&1 | tee "$OUT/gpu-check.log"
tail -n 1 "$OUT/gpu-check.log" >"$OUT/gpu-check.json"

# 5. The peer: PyTorch training the tutorial's LeNet-5 on the same GPU, same batches.
PEER=(--data "$PACK/data/mnist")
[ $DRY = 1 ] && PEER+=(--dry-run)
PYTHONUNBUFFERED=1 "$PYTHON" scripts/gpu/torch_lenet.py "${PEER[@]}" 2>&1 | tee "$OUT/torch.log"
tail -n 1 "$OUT/torch.log" >"$OUT/torch.json"
rm -rf "$WORK"
note "done $(date -u +%FT%TZ)"
