#!/usr/bin/env bash
# The whole test suite under AddressSanitizer (issue 16): every module and the CLI binary the tests
# run are built with -sanitize=address in their own build folder; leaks are not checked (Foundation
# and libhdf5 keep allocations to exit). Takes about 15 minutes to build and 15 to run on 2 cores.
#   .ci/sanitizers.sh            # build, then run the suite
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests --build-path .build-asan -Xswiftc -sanitize=address 2>&1 | tail -3
ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 swift test --skip-build --build-path .build-asan
