#!/usr/bin/env bash
# Peers and Neurometry on the same inputs, in one run, on one machine, in one environment; then
# compare.py's table. See README.md.
#
#   Benchmarks/run.sh                      # the workloads Neurometry implements
#   Benchmarks/run.sh gemm-limit           # some workloads
#   Benchmarks/run.sh all                  # every peer workload (unimplemented ones show as skipped)
#   SMALL=1 Benchmarks/run.sh nwb-binning glm-betas   # small inputs: a smoke check, not a benchmark
#
# Two peer sides: the shared peer benchmark (../shared/bench: run_peers.py) and, for the workloads it
# does not have (nwb-binning, glm-betas), Benchmarks/peers/issue4_peers.py. Both write their inputs
# and outputs into the same data folder and their timings into the same peers.json.
#
# Environment:
#   PEER_BENCH_DIR     writable copy of the peer benchmark, with its .venv (default Benchmarks/.peer-bench,
#                      made from PEER_BENCH_SRC when missing); e.g. PEER_BENCH_DIR=/work/peer-bench
#   PEER_BENCH_SRC     the read-only peer benchmark (default ../shared/bench next to the checkout)
#   ISSUE4_PEER_PYTHON python with Benchmarks/peers/requirements.txt (default Benchmarks/.peer-issue4/.venv,
#                      created when missing); e.g. ISSUE4_PEER_PYTHON=/work/venv-fixtures/bin/python
#   SMALL              non-empty: small inputs for the issue-4 workloads (smoke check only)
#   REPEAT, WARMUP     timed and untimed runs per workload (default 3 and 1)
#   JOBS               swift build jobs (default 1)
# Results: Benchmarks/results/{peers,neurometry,targets}.json, replaced on every run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
peer="${PEER_BENCH_DIR:-$here/.peer-bench}"
src="${PEER_BENCH_SRC:-$here/../../shared/bench}"
repeat="${REPEAT:-3}" warmup="${WARMUP:-1}"
results="$here/results"
bin="$here/.build/release/neurometry-bench"
local_peer="$here/peers/issue4_peers.py"

# Neurometry's runner (built first: it knows which workloads are implemented)
(cd "$here" && swift build -c release -j "${JOBS:-1}")
if [[ $# -eq 0 ]]; then
  mapfile -t names < <("$bin" --list | awk '!/not implemented/ {print $1}')
elif [[ "$1" == all ]]; then
  mapfile -t names < <("$bin" --list | awk '{print $1}')
else
  names=("$@")
fi
[[ ${#names[@]} -gt 0 ]] || { echo "run.sh: no workloads to run" >&2; exit 64; }
echo "# workloads: ${names[*]}"
mapfile -t local_all < <(python3 "$local_peer" --names)
shared=() local_names=()
for n in "${names[@]}"; do
  if printf '%s\n' "${local_all[@]}" | grep -qx -- "$n"; then local_names+=("$n"); else shared+=("$n"); fi
done

# (a) the writable copy of the shared peer benchmark and its venv (only when its workloads run)
mkdir -p "$peer/.data" "$results"
if [[ ${#shared[@]} -gt 0 ]]; then
  if [[ ! -f "$peer/run_peers.py" ]]; then
    src="$(cd "$src" && pwd)"
    echo "# copying $src to $peer"
    cp "$src"/*.py "$src"/*.json "$src"/*.txt "$src"/*.md "$peer"/
    chmod u+w "$peer"/*
  fi
  if ! "$peer/.venv/bin/python" -c 'import numpy, threadpoolctl' 2>/dev/null; then
    echo "# creating $peer/.venv (pip install -r requirements.txt)"
    python3 -m venv "$peer/.venv"
    "$peer/.venv/bin/pip" install -q -r "$peer/requirements.txt"
  fi
fi
compare="$peer/compare.py"
[[ -f "$compare" ]] || compare="$src/compare.py"
[[ -f "$compare" ]] || { echo "run.sh: compare.py not found in $peer or $src (set PEER_BENCH_SRC)" >&2; exit 1; }
base_targets="$(dirname "$compare")/targets.json"

# (b) inputs — shared, then issue 4's — into one data folder
py="$peer/.venv/bin/python"
if [[ ${#shared[@]} -gt 0 ]]; then
  (cd "$peer" && "$py" run_peers.py --make-data "${shared[@]}")
fi
small=()
[[ -z "${SMALL:-}" ]] || small=(--small)
if [[ ${#local_names[@]} -gt 0 ]]; then
  py4="${ISSUE4_PEER_PYTHON:-$here/.peer-issue4/.venv/bin/python}"
  if ! "$py4" -c 'import numpy, pynwb, nibabel, nilearn, threadpoolctl' 2>/dev/null; then
    [[ -z "${ISSUE4_PEER_PYTHON:-}" ]] || { echo "run.sh: $py4 lacks the packages of peers/requirements.txt" >&2; exit 1; }
    echo "# creating $here/.peer-issue4/.venv (pip install -r peers/requirements.txt)"
    python3 -m venv "$here/.peer-issue4/.venv"
    "$here/.peer-issue4/.venv/bin/pip" install -q -r "$here/peers/requirements.txt"
  fi
  "$py4" "$local_peer" --make-data --data "$peer/.data" "${small[@]}" "${local_names[@]}"
fi

# (c, d) per workload, the peer and then Neurometry, back to back, on the same data folder and in
# the same environment. The development machine's speed drifts by tens of percent over minutes
# (shared host), so timing all peers first and Neurometry a quarter of an hour later made ratios
# near their targets a matter of luck; a pair measured together drifts together.
rm -f "$results/peers.json" "$results/neurometry.json"
status=0
for n in "${names[@]}"; do
  if printf '%s\n' "${local_names[@]}" | grep -qx -- "$n"; then
    "$py4" "$local_peer" --data "$peer/.data" "${small[@]}" --repeat "$repeat" --warmup "$warmup" \
      --out "$results/peers.json" "$n"
  else
    (cd "$peer" && "$py" run_peers.py --repeat "$repeat" --warmup "$warmup" --out "$results/peers.json" "$n")
  fi
  "$bin" --data "$peer/.data" --out "$results/neurometry.json" --repeat "$repeat" --warmup "$warmup" "$n" || status=$?
done

# (e) compare.py, judged on the chosen workloads only (the shared targets.json plus
# peers/targets.json, filtered to them)
python3 - "$base_targets" "$here/peers/targets.json" "$results/targets.json" "${names[@]}" <<'EOF'
import json, os, sys
t = json.load(open(sys.argv[1])) if os.path.exists(sys.argv[1]) else {"_default": 3.0}
t.update({k: v for k, v in json.load(open(sys.argv[2])).items() if not k.startswith("_")})
keep = {k: v for k, v in t.items() if k.startswith("_") or k in sys.argv[4:]}
json.dump(keep, open(sys.argv[3], "w"), indent=1)
EOF
echo
[[ -z "${SMALL:-}" ]] || echo "# SMALL=1: small inputs for the issue-4 workloads; these times are a smoke check, not a benchmark"
python3 "$compare" --peers "$results/peers.json" --neurometry "$results/neurometry.json" \
  --targets "$results/targets.json" || status=$?
python3 - "$results/peers.json" "$results/neurometry.json" <<'EOF'
import json, sys
p, n = (json.load(open(f)) for f in sys.argv[1:])
for k in p:
    a, b = p[k].get("gflop_per_s"), n.get(k, {}).get("gflop_per_s")
    if a and b:
        print(f"{k}: peer {a:.1f} GFLOP/s, Neurometry {b:.1f} GFLOP/s ({100 * b / a:.0f} % of the peer)")
    check = n.get(k, {}).get("output_check")
    if check:
        print(f"{k}: output check: {check}")
EOF
exit "$status"
