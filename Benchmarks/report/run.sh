#!/usr/bin/env bash
# The report benchmark (issue 12): wall time and peak memory of `neurometry report` (release) on the
# sample study and on a large synthetic study (Benchmarks/report/make_large_study.py). Not a test.
#   Benchmarks/report/run.sh            # both
#   PYTHON=/work/venv-fixtures/bin/python Benchmarks/report/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/Benchmarks/.report-data"
mkdir -p "$data"
(cd "$root" && swift build -c release --product neurometry -j "${JOBS:-2}" >/dev/null)
bin="$root/.build/release/neurometry"
[ -f "$data/large/study.yaml" ] || "${PYTHON:-python3}" "$root/Benchmarks/report/make_large_study.py" "$data/large"
run() {
  local name="$1" study="$2"
  /usr/bin/time -f "%e %M" -o "$data/$name.time" "$bin" report "$study" --output "$data/$name.html" --force --quiet >/dev/null
  read -r seconds kb <"$data/$name.time"
  python3 - "$data/$name.json" "$name" "$seconds" "$kb" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["result"]
t = r["timings"]
steps = ", ".join(f"{k} {v:.2f} s" for k, v in sorted(t.items()) if k != "total")
print(f"{sys.argv[2]}: {float(sys.argv[3]):.2f} s wall, peak RSS {int(sys.argv[4]) / 1024:.0f} MB ({steps})")
for m in r["measures"]:
    print("  " + m["measure"] + ": " + ", ".join(f"{g['region']} → {g['best_layer']}" for g in m["regions"]))
PY
}
run sample "$root/SampleData/study/study.yaml"
run large "$data/large/study.yaml"
