#!/usr/bin/env bash
# Peers and Neurometry on the same inputs, in one run, on one machine, in one environment; then
# compare.py's table. See README.md.
#
#   Benchmarks/run.sh                      # the workloads Neurometry implements
#   Benchmarks/run.sh gemm-limit           # some workloads
#   Benchmarks/run.sh all                  # every peer workload (unimplemented ones show as skipped)
#
# Environment:
#   PEER_BENCH_DIR   writable copy of the peer benchmark, with its .venv (default Benchmarks/.peer-bench,
#                    made from PEER_BENCH_SRC when missing); e.g. PEER_BENCH_DIR=/work/peer-bench
#   PEER_BENCH_SRC   the read-only peer benchmark (default ../shared/bench next to the checkout)
#   REPEAT, WARMUP   timed and untimed runs per workload (default 3 and 1)
#   JOBS             swift build jobs (default 1)
# Results: Benchmarks/results/{peers,neurometry,targets}.json, replaced on every run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
peer="${PEER_BENCH_DIR:-$here/.peer-bench}"
src="${PEER_BENCH_SRC:-$here/../../shared/bench}"
repeat="${REPEAT:-3}" warmup="${WARMUP:-1}"
results="$here/results"
bin="$here/.build/release/neurometry-bench"

# (a) the writable peer copy and its venv
if [[ ! -f "$peer/run_peers.py" ]]; then
  src="$(cd "$src" && pwd)"
  echo "# copying $src to $peer"
  mkdir -p "$peer"
  cp "$src"/*.py "$src"/*.json "$src"/*.txt "$src"/*.md "$peer"/
  chmod u+w "$peer"/*
fi
if ! "$peer/.venv/bin/python" -c 'import numpy, threadpoolctl' 2>/dev/null; then
  echo "# creating $peer/.venv (pip install -r requirements.txt)"
  python3 -m venv "$peer/.venv"
  "$peer/.venv/bin/pip" install -q -r "$peer/requirements.txt"
fi
py="$peer/.venv/bin/python"

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

# (b) inputs, (c) peers, (d) Neurometry: same data folder, same environment
(cd "$peer" && "$py" run_peers.py --make-data "${names[@]}")
mkdir -p "$results"
(cd "$peer" && "$py" run_peers.py --fresh --repeat "$repeat" --warmup "$warmup" \
  --out "$results/peers.json" "${names[@]}")
status=0
"$bin" --fresh --data "$peer/.data" --out "$results/neurometry.json" \
  --repeat "$repeat" --warmup "$warmup" "${names[@]}" || status=$?

# (e) compare.py, judged on the chosen workloads only (targets.json filtered to them)
"$py" - "$peer/targets.json" "$results/targets.json" "${names[@]}" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))
keep = {k: v for k, v in t.items() if k.startswith("_") or k in sys.argv[3:]}
json.dump(keep, open(sys.argv[2], "w"), indent=1)
EOF
echo
"$py" "$peer/compare.py" --peers "$results/peers.json" --neurometry "$results/neurometry.json" \
  --targets "$results/targets.json" || status=$?
"$py" - "$results/peers.json" "$results/neurometry.json" <<'EOF'
import json, sys
p, n = (json.load(open(f)) for f in sys.argv[1:])
for k in p:
    a, b = p[k].get("gflop_per_s"), n.get(k, {}).get("gflop_per_s")
    if a and b:
        print(f"{k}: peer {a:.1f} GFLOP/s, Neurometry {b:.1f} GFLOP/s ({100 * b / a:.0f} % of the peer)")
EOF
exit "$status"
