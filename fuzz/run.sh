#!/usr/bin/env bash
# Builds the fuzz targets (clang 14, libFuzzer, ASan + UBSan) and runs each for SECONDS, two at a
# time, from the seed corpus in fuzz/corpus/<target> plus a working corpus in WORK (kept between
# runs). Prints per target: executions, coverage (edges, features), working-corpus size and
# crashes; exits 1 if any target found a crash, leak, timeout or out-of-memory input (saved in
# WORK/<target>/artifacts).
#   fuzz/run.sh [SECONDS] [WORK]        e.g. fuzz/run.sh 600 /var/tmp/prunescope-fuzz
# Needs clang-14 and libclang-rt-14-dev (packaging/install-deps.sh --fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
work=${2:-build-fuzz/work}
targets=(idx cifar svhn_mat image score_files spec)

CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DPRUNESCOPE_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz >/dev/null

run_one() {
    local t=$1
    mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
    # The working corpus comes first: libFuzzer adds new inputs there, never to the repository.
    build-fuzz/fuzz/fuzz_$t -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
        -malloc_limit_mb=2048 -timeout=10 -artifact_prefix="$work/$t/artifacts/" \
        "$work/$t/corpus" "fuzz/corpus/$t" >"$work/$t/log" 2>&1 || true
}
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    run_one "${targets[i]}" &
    [ $((i + 1)) -lt ${#targets[@]} ] && run_one "${targets[i + 1]}" &
    wait
done

printf '%-12s %14s %8s %9s %8s %7s\n' target executions edges features corpus crashes
total=0
found=0
for t in "${targets[@]}"; do
    log=$work/$t/log
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    crashes=$(find "$work/$t/artifacts" -type f | wc -l)
    printf '%-12s %14s %8s %9s %8s %7s\n' "$t" "${execs:-0}" "$(awk '{print $2}' <<<"$cov")" \
        "$(awk '{print $4}' <<<"$cov")" "$(find "$work/$t/corpus" -type f | wc -l)" "$crashes"
    total=$((total + ${execs:-0}))
    found=$((found + crashes))
done
echo "total executions: $total; inputs that crashed, leaked, hung or ran out of memory: $found"
[ "$found" -eq 0 ]
