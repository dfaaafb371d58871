#!/usr/bin/env bash
# Prepared device check for `chipcontrols measure` on a GPU machine (run from the repository root).
# It needs a CUDA build of PyTorch on that machine; it writes the JSON result and the text table to
# $OUT (or ./out). Not yet run: the task that wrote it had no GPU. Expect the H200 near (not at) its
# rated ~989 dense BF16 TFLOP/s.
set -euo pipefail
OUT="${OUT:-out}"
mkdir -p "$OUT"
python -c "import torch; assert torch.cuda.is_available(), 'no CUDA GPU visible to PyTorch'; print(torch.__version__, torch.cuda.get_device_name(0))"
PYTHONPATH=src python -m chipcontrols.cli measure --device cuda --seconds 3 --json > "$OUT/measure.json"
PYTHONPATH=src COLUMNS=140 python -m chipcontrols.cli measure --device cuda --seconds 3 | tee "$OUT/measure.txt"
