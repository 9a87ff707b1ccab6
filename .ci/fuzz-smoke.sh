#!/usr/bin/env bash
# A short fuzzing pass over every parser (issue 16; Tests/Fuzz/run.sh): libFuzzer + AddressSanitizer.
# Neurometry's own parsers (npy … phy) get 1,500 mutated inputs each from seed 1 (each has run 10
# minutes clean). The HDF5-backed targets only replay their seed corpus (SampleData, the fixtures and
# every kept finding): mutating HDF5 files finds libhdf5 1.10's own bugs within minutes, in an order
# that depends on the machine (Docs/reliability.md), which would make CI fail at random. The long
# runs are by hand: Tests/Fuzz/run.sh TARGET 600.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build
(cd Tests/Fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address) > .build/fuzz-build.log 2>&1 || {
  tail -40 .build/fuzz-build.log >&2
  exit 1
}
export NEUROMETRY_FUZZ_SKIP_BUILD=1
for target in $(Tests/Fuzz/run.sh --list); do
  runs=${FUZZ_RUNS:-1500}
  case "$target" in hdf5 | nwb | mat | activations) runs=0 ;; esac
  if ! Tests/Fuzz/run.sh "$target" 120 -runs="$runs" -seed=1 > ".build/fuzz-$target.log" 2>&1; then
    tail -60 ".build/fuzz-$target.log" >&2
    echo "fuzzing $target found a crash, hang or leak (above; input in .fuzz/artifacts/$target)" >&2
    exit 1
  fi
  echo "fuzz $target: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' ".build/fuzz-$target.log")"
done
