#!/usr/bin/env bash
# Checks the include-direction rule of docs/architecture.md and fails naming every include that
# breaks it:
#   1. layers: engine ← storage ← cluster ← ui ← app (a file includes its own layer or a lower
#      one), and engine, storage and cluster include no Qt header;
#   2. inside the engine, folders in the order core ← data ← models ← distill ← train ← prune ←
#      quality ← experiment (a file includes its own folder or an earlier one);
#   3. torch-free fronts: every header of ui/, cluster/ and storage/, and the engine headers the other
#      layers build on, reach no LibTorch header through any chain of project includes.
# Plain bash and grep, so it runs wherever the sources are. Usage: tools/check-layers.sh [ROOT]
set -euo pipefail
root=${1:-"$(cd "$(dirname "$0")/.." && pwd)"}
cd "$root"

layers=(engine storage cluster ui app)
folders=(core data models distill train prune quality experiment)
torch_free_fronts=(
    engine/core/atomic_file.h engine/core/errors.h engine/core/number_list.h
    engine/core/output_path.h engine/data/dataset_info.h engine/data/dataset_loader.h
    engine/experiment/experiment.h engine/experiment/experiment_store.h
    engine/experiment/observer.h engine/experiment/quality_sources.h
    engine/experiment/runner.h engine/experiment/spec.h engine/experiment/teacher_check.h
    engine/models/model_registry.h engine/models/teacher_input.h engine/prune/method_registry.h
    engine/prune/score_io.h engine/prune/selector.h engine/quality/injection_settings.h
    engine/train/budget.h engine/train/device.h engine/train/pace_probe.h
)

index_of() { # name, list...
    local name=$1 i=0
    shift
    for item in "$@"; do
        [ "$item" = "$name" ] && { echo $i; return; }
        i=$((i + 1))
    done
    echo -1
}

failures=0
fail() {
    echo "check-layers: $*" >&2
    failures=$((failures + 1))
}

# 1 and 2: every project include against the rank of the file that makes it.
while IFS= read -r hit; do
    file=${hit%%:*}
    rest=${hit#*:}
    line=${rest%%:*}
    target=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$rest")
    from_layer=$(index_of "${file%%/*}" "${layers[@]}")
    to_layer=$(index_of "${target%%/*}" "${layers[@]}")
    [ "$to_layer" -lt 0 ] && continue
    if [ "$to_layer" -gt "$from_layer" ]; then
        fail "$file:$line includes $target: ${file%%/*} may not include ${target%%/*} (engine ← storage ← cluster ← ui ← app)"
        continue
    fi
    if [ "${file%%/*}" = engine ] && [ "${target%%/*}" = engine ]; then
        from_folder=$(cut -d/ -f2 <<<"$file")
        to_folder=$(cut -d/ -f2 <<<"$target")
        from_rank=$(index_of "$from_folder" "${folders[@]}")
        to_rank=$(index_of "$to_folder" "${folders[@]}")
        if [ "$from_rank" -lt 0 ]; then
            fail "$file: engine files live in one of: ${folders[*]}"
        elif [ "$to_rank" -gt "$from_rank" ]; then
            fail "$file:$line includes $target: engine/$from_folder may not include engine/$to_folder (${folders[*]})"
        fi
    fi
done < <(grep -rnE --include='*.h' --include='*.cpp' '^\s*#\s*include "(engine|storage|cluster|ui|app)/' \
    $(ls -d engine storage cluster ui app 2>/dev/null))

# The layers below the window know nothing of Qt.
while IFS= read -r hit; do
    fail "${hit%%:*}:$(cut -d: -f2 <<<"$hit") includes a Qt header: engine, storage and cluster are Qt-free"
done < <(grep -rnE --include='*.h' --include='*.cpp' '^\s*#\s*include <Q[A-Za-z]*(/[A-Za-z]+)?>' \
    $(ls -d engine storage cluster 2>/dev/null) || true)

# 3: breadth-first over project includes from each torch-free front.
declare -A torch_of=() # header → "" (torch-free) or the chain to torch
torch_chain() {
    local header=$1
    if [ -n "${torch_of[$header]+set}" ]; then
        echo "${torch_of[$header]}"
        return
    fi
    torch_of[$header]="" # cycles end here
    local chain=""
    if grep -qE '^\s*#\s*include <(torch|ATen|c10)/' "$header"; then
        chain="$header → $(grep -m1 -oE '<(torch|ATen|c10)/[^>]+>' "$header")"
    else
        local inc sub
        for inc in $(grep -oE '^\s*#\s*include "(engine|storage|cluster|ui)/[^"]+\.h"' "$header" |
            sed -E 's/.*"([^"]+)"/\1/'); do
            [ -f "$inc" ] || continue
            sub=$(torch_chain "$inc")
            if [ -n "$sub" ]; then
                chain="$header → $sub"
                break
            fi
        done
    fi
    torch_of[$header]=$chain
    echo "$chain"
}
mapfile -t fronts < <(find $(ls -d ui storage cluster 2>/dev/null) -name '*.h' | sort)
fronts+=("${torch_free_fronts[@]}")
for header in "${fronts[@]}"; do
    [ -f "$header" ] || { fail "$header: listed as a torch-free front but missing"; continue; }
    chain=$(torch_chain "$header")
    [ -n "$chain" ] && fail "$header must be torch-free but reaches LibTorch: $chain"
done

if [ "$failures" -gt 0 ]; then
    echo "check-layers: $failures problem(s); docs/architecture.md states the rule" >&2
    exit 1
fi
echo "check-layers: ok (layers engine ← storage ← cluster ← ui ← app; engine folders ${folders[*]}; ${#fronts[@]} torch-free headers)"
