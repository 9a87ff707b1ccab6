#!/usr/bin/env bash
# A short, deterministic fuzzing pass over every parser (issue 16; Tests/Fuzz/run.sh): libFuzzer +
# AddressSanitizer, a fixed seed and run count from the seed corpus (SampleData, the fixtures and
# every kept finding), so a pass here passes every time and a failure is a regression. The long
# runs (10 minutes per target) are run by hand: Tests/Fuzz/run.sh TARGET 600.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build
(cd Tests/Fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address) > .build/fuzz-build.log 2>&1 || {
  tail -40 .build/fuzz-build.log >&2
  exit 1
}
export NEUROMETRY_FUZZ_SKIP_BUILD=1
for target in $(Tests/Fuzz/run.sh --list); do
  if ! Tests/Fuzz/run.sh "$target" 120 -runs="${FUZZ_RUNS:-1500}" -seed=1 > ".build/fuzz-$target.log" 2>&1; then
    tail -60 ".build/fuzz-$target.log" >&2
    echo "fuzzing $target found a crash, hang or leak (above; input in .fuzz/artifacts/$target)" >&2
    exit 1
  fi
  echo "fuzz $target: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' ".build/fuzz-$target.log")"
done
