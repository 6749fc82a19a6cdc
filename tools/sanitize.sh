#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/, the
# PRUNESCOPE_SANITIZE option) and runs the whole test suite under them; any report fails the
# test it happens in (the command-line tests run the instrumented prunescope-cli too). Leaks are
# reported for the project's code; those inside the system libraries the project links (Qt,
# fontconfig, LibTorch's static registries, OpenMP, OpenBLAS) are suppressed by tools/lsan.supp.
#   tools/sanitize.sh [ctest arguments]      e.g. tools/sanitize.sh -R tst_readers
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -G Ninja -DPRUNESCOPE_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-asan
export ASAN_OPTIONS=halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=0:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/tools/lsan.supp:print_suppressions=0
ctest --test-dir build-asan --output-on-failure "$@"
