#!/usr/bin/env bash
# Issue 15's whole-brain-sized searchlight: >= 150k centres of radius 3, 100 conditions, 8 runs, crossnobis with
# the runs as folds, one model map; prints the time and the peak resident memory of the neurometry process.
#
#   Benchmarks/wholebrain/run.sh            # PYTHON: a python with numpy and nibabel (default /work/venv-fixtures)
#
# Inputs go to Benchmarks/.wholebrain-data (gitignored, 1.5 GB; made once). Session 5: 153,240 centres,
# 115.2 s, peak RSS 2.69 GB on the 2-core development machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/Benchmarks/.wholebrain-data"
python="${PYTHON:-/work/venv-fixtures/bin/python}"
[[ -f "$data/betas.nii" ]] || "$python" "$here/make.py" "$data"
(cd "$root" && swift build -c release --product neurometry)
"$python" - "$root/.build/release/neurometry" "$data" <<'PY'
import resource, subprocess, sys, time
binary, data = sys.argv[1], sys.argv[2]
start = time.time()
r = subprocess.run([binary, "searchlight", f"{data}/betas.nii", "--mask", f"{data}/mask.nii.gz", "--radius", "3",
                    "--threshold", "1", "--method", "crossnobis", "--conditions", f"{data}/conds.npy",
                    "--runs", f"{data}/runs.npy", "--models", f"{data}/model.npz", "--maps", f"{data}/maps.nii.gz",
                    "--force"], capture_output=True, text=True)
print(r.stdout, r.stderr, sep="")
print(f"exit {r.returncode}, {time.time() - start:.1f} s, peak RSS "
      f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024:.2f} GB")
sys.exit(r.returncode)
PY
