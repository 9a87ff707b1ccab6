#!/usr/bin/env bash
# Fuzzes one of Neurometry's parsers with libFuzzer + AddressSanitizer (issue 16).
#
#   Tests/Fuzz/run.sh TARGET SECONDS [libFuzzer options…]
#   Tests/Fuzz/run.sh --list
#
# TARGET: npy, npz, nifti, gzip, tsv, phy, hdf5, nwb, mat, activations (layers in HDF5). The corpus starts from the small files of
# that kind in SampleData and Tests/Fixtures (≤ 64 KiB each) and grows in .fuzz/corpus/TARGET
# (gitignored); a crash, hang (-timeout 10 s), out-of-memory (resident memory over 2 GB) or sanitizer
# report is written to .fuzz/artifacts/TARGET/ and the script exits non-zero. Keep every finding as
# a regression test (Tests/Fixtures/fuzz/TARGET/, replayed by FuzzRegressionTests).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
targets="npy npz nifti gzip tsv phy hdf5 nwb mat activations"

if [ "${1:-}" = "--list" ]; then echo "$targets"; exit 0; fi
if [ $# -lt 2 ]; then
  echo "usage: $0 TARGET SECONDS [libFuzzer options…]   (targets: $targets)" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
case " $targets " in *" $target "*) ;; *) echo "unknown target '$target' (targets: $targets)" >&2; exit 2 ;; esac

patterns() {
  case "$1" in
    npy) echo "*.npy" ;;
    npz) echo "*.npz" ;;
    nifti) echo "*.nii" ;;
    gzip) echo "*.nii.gz *.gz" ;;
    tsv) echo "*.tsv *.csv" ;;
    phy) echo "params.py" ;;
    hdf5) echo "*.h5 *.hdf5" ;;
    nwb) echo "*.nwb" ;;
    mat) echo "*.mat" ;;
    activations) echo "*.h5 *.hdf5" ;;
  esac
}

work="$root/.fuzz"
corpus="$work/corpus/$target"
artifacts="$work/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
for pattern in $(patterns "$target"); do
  find "$root/SampleData" "$root/Tests/Fixtures" -name "$pattern" -size -65k -type f 2>/dev/null |
    while read -r f; do cp -n "$f" "$corpus/seed-$(echo "$f" | md5sum | cut -c1-12)" 2>/dev/null || true; done
done
if [ -d "$root/Tests/Fixtures/fuzz/$target" ]; then cp -n "$root/Tests/Fixtures/fuzz/$target"/* "$corpus/" 2>/dev/null || true; fi

# NEUROMETRY_FUZZ_SKIP_BUILD=1: use the binary as built (long runs while the sources change).
if [ -z "${NEUROMETRY_FUZZ_SKIP_BUILD:-}" ]; then
  (cd "$here" && swift build -c debug -Xswiftc -sanitize=fuzzer,address >&2)
fi
binary="$here/.build/debug/neurometry-fuzz"
# Leaks inside Foundation and libhdf5 are suppressed (lsan.supp says which), Neurometry's count.
# A request too big for the machine returns NULL, as malloc does outside ASan (libhdf5 then reports
# "memory allocation failed", which Neurometry passes on as an error).
export ASAN_OPTIONS="allocator_may_return_null=1"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
export NEUROMETRY_FUZZ_TARGET="$target"
echo "fuzzing $target for $seconds s (corpus $(ls "$corpus" | wc -l) files)" >&2
# Resident memory is capped at 2 GB; a single allocation at 8 GB, since libhdf5 allocates a
# metadata buffer of the size a header claims before reading it (address space, never touched,
# freed when the read fails).
"$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=8192 \
  -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" "$corpus"
