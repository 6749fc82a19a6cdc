#!/usr/bin/env bash
# The pruning-methods sweep end to end, Prunescope against a competent PyTorch script
# (bench/peer/sweep_el2n_kd.py: teacher and EL2N proxies trained once, then every student):
# EL2N (keep hardest) and random × the preset's kept fractions × α values × seeds. Prints both
# wall times and their ratio, both peak resident memories, and each cell's mean ± std test
# accuracy side by side. Needs `packaging/install-deps.sh --bench` and a built tree.
#   bench/sweep.sh [--tiny] [--spec SPEC.json] [--seeds 0,1,2] [--alphas 0,0.5,0.9]
# --tiny shrinks every budget (a check that both sides run, in a few minutes; not a benchmark).
# --seeds and --alphas replace the spec's (a smaller grid with the same recipe). The full grid
# (3 fractions × 3 α × 3 seeds × 2 methods = 54 students, 1,500 steps each) takes about 1.5 hours
# on 2 cores for both sides together.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli=$root/build/app/prunescope-cli
spec=$root/resources/presets/fashion-mnist-el2n-kd.json
tiny=0 seeds="" alphas=""
while [ $# -gt 0 ]; do
    case $1 in
    --tiny) tiny=1 ;;
    --spec) spec=$2; shift ;;
    --seeds) seeds=$2; shift ;;
    --alphas) alphas=$2; shift ;;
    *) echo "sweep.sh: unknown option '$1' (expected --tiny, --spec FILE, --seeds LIST or --alphas LIST)" >&2; exit 2 ;;
    esac
    shift
done
[ -x "$cli" ] || { echo "sweep.sh: build first ($cli is missing)" >&2; exit 2; }
work=$(mktemp -d /tmp/prunescope-sweep.XXXXXX)
if [ $tiny = 1 ]; then
    /usr/bin/python3 - "$spec" "$work/spec.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["student"]["train"]["steps"] = 40
s["teacher"]["train"].pop("epochs", None)
s["teacher"]["train"]["steps"] = 60
s["pruning"]["proxy"]["train"]["steps"] = 40
s["pruning"]["settings"]["proxies"] = 1
s["pruning"]["fractions"] = [0.02, 0.1]
s["distillation"]["alphas"] = [0, 0.9]
s["seeds"] = [0, 1]
json.dump(s, open(sys.argv[2], "w"), indent=1)
PY
    spec=$work/spec.json
fi
if [ -n "$seeds$alphas" ]; then
    /usr/bin/python3 - "$spec" "$work/grid.json" "$seeds" "$alphas" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
if sys.argv[3]:
    s["seeds"] = [int(x) for x in sys.argv[3].split(",")]
if sys.argv[4]:
    s["distillation"]["alphas"] = [float(x) for x in sys.argv[4].split(",")]
json.dump(s, open(sys.argv[2], "w"), indent=1)
PY
    spec=$work/grid.json
fi
echo "spec $spec, work folder $work"
threads=$(nproc)
/usr/bin/time -f "%e %M" -o "$work/ours.time" bash -c \
    "'$cli' run '$spec' --store '$work/ours.db' > '$work/ours.log' 2>&1 &&
     '$cli' run '$spec' --method random --store '$work/ours.db' >> '$work/ours.log' 2>&1"
echo "prunescope: $(cat "$work/ours.time" | awk '{printf "%.0f s, peak %.0f MB", $1, $2 / 1024}')"
"$cli" results "$work/ours.db" --format csv > "$work/ours.csv"
(cd "$root/bench/peer" && /usr/bin/time -f "%e %M" -o "$work/peer.time" /usr/bin/python3 sweep_el2n_kd.py \
    --spec "$spec" --threads "$threads" --json "$work/peer.json" > "$work/peer.log" 2>&1)
echo "pytorch:    $(cat "$work/peer.time" | awk '{printf "%.0f s, peak %.0f MB", $1, $2 / 1024}')"
/usr/bin/python3 - "$work" <<'PY'
import csv, json, math, sys
work = sys.argv[1]
ours_t, ours_m = map(float, open(f"{work}/ours.time").read().split())
peer_t, peer_m = map(float, open(f"{work}/peer.time").read().split())
print(f"wall time prunescope / pytorch = {ours_t / peer_t:.2f}; peak memory {ours_m / 1024:.0f} MB vs {peer_m / 1024:.0f} MB")
peer = json.load(open(f"{work}/peer.json"))
print(f"teacher: pytorch {peer['teacher']:.2f} %")
print(f"{'cell':32} {'prunescope':>16} {'pytorch':>16}  within spread")
for row in csv.DictReader(open(f"{work}/ours.csv")):
    key = f"{row['method']} f={float(row['kept_fraction'])} alpha={float(row['alpha'])}"
    key = key.replace("alpha=0.0", "alpha=0").replace("alpha=0.9", "alpha=0.9")
    match = [v for k, v in peer["cells"].items() if k.split()[0] == row["method"]
             and math.isclose(float(k.split()[1][2:]), float(row["kept_fraction"]))
             and math.isclose(float(k.split()[2][6:]), float(row["alpha"]))]
    if not match:
        continue
    accs = match[0]
    mean = sum(accs) / len(accs)
    sd = math.sqrt(sum((a - mean) ** 2 for a in accs) / (len(accs) - 1)) if len(accs) > 1 else float("nan")
    ours_mean = float(row["accuracy_mean_pct"])
    ours_sd = float(row["accuracy_std_pct"] or "nan")
    spread = max(sd, ours_sd) if not (math.isnan(sd) and math.isnan(ours_sd)) else float("nan")
    ok = "yes" if abs(ours_mean - mean) <= spread else ("—" if math.isnan(spread) else "no")
    print(f"{key:32} {ours_mean:7.2f} ± {ours_sd:5.2f}  {mean:7.2f} ± {sd:5.2f}  {ok}")
PY
