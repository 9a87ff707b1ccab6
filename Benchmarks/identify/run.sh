#!/usr/bin/env bash
# Issue 17's identification benchmark: 10 candidate layers × 3 measures (RSA, linear CKA, ridge
# encoding) × 100 surrogate brains per layer at the sample study's sizes (64 stimuli, V4: 72 units
# with 10 repetitions), at the data's noise, timed in a release build; then the same at 25, 50 and
# 200 repetitions (how it scales), and all four sample regions at noise × 1 and × 4 for context.
#
#   Benchmarks/identify/run.sh           # PYTHON: a python with numpy (default python3)
#
# Inputs go to Benchmarks/.identify-data (gitignored; made once from SampleData/study by make.py).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/Benchmarks/.identify-data"
python="${PYTHON:-python3}"
[[ -f "$data/one-region.yaml" ]] || "$python" "$here/make.py" "$data"
(cd "$root" && swift build -c release --product neurometry)
"$python" - "$root/.build/release/neurometry" "$data" <<'PY'
import json, subprocess, sys, time
binary, data = sys.argv[1], sys.argv[2]

def run(study, repetitions, scales):
    start = time.time()
    r = subprocess.run([binary, "identify", f"{data}/{study}", "--repetitions", str(repetitions),
                        "--noise-scales", scales, "--quiet", "--json"], capture_output=True, text=True)
    seconds = time.time() - start
    if r.returncode != 0:
        sys.exit(f"identify failed: {r.stderr}")
    result = json.loads(r.stdout)["result"]
    levels = [(g["region"], level) for g in result["regions"] for level in g["levels"]]
    accuracy = "; ".join(
        f"{region} ×{level['noise_scale']:g}: " + ", ".join(f"{m['measure']} {m['accuracy']:.2f}" for m in level["measures"])
        for region, level in levels)
    return seconds, len(result["layers"]), accuracy

print("| study | layers | repetitions | noise scales | surrogates scored | seconds | accuracy |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for study, repetitions, scales, regions in [("one-region.yaml", 100, "1", 1), ("one-region.yaml", 25, "1", 1),
                                            ("one-region.yaml", 50, "1", 1), ("one-region.yaml", 200, "1", 1),
                                            ("sample-regions.yaml", 100, "1,4", 4)]:
    seconds, layers, accuracy = run(study, repetitions, scales)
    surrogates = layers * repetitions * regions * len(scales.split(","))
    print(f"| {study} | {layers} | {repetitions} | {scales} | {surrogates:,} | {seconds:.1f} | {accuracy} |", flush=True)
PY
