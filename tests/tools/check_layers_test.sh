#!/usr/bin/env bash
# tools/check-layers.sh must pass on a tree that keeps the rule and fail, naming the include, on
# each way of breaking it: an upward layer include, a later engine folder, torch in a UI header.
set -euo pipefail
script=$1
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/engine/{core,data,experiment,train} "$tree"/storage "$tree"/cluster "$tree"/ui/form "$tree"/app
for front in core/atomic_file.h core/errors.h core/number_list.h core/output_path.h \
    data/dataset_info.h data/dataset_loader.h experiment/experiment.h \
    experiment/experiment_store.h experiment/observer.h experiment/quality_sources.h \
    experiment/runner.h experiment/spec.h experiment/teacher_check.h models/model_registry.h \
    models/teacher_input.h prune/method_registry.h prune/score_io.h prune/selector.h \
    quality/injection_settings.h train/budget.h train/device.h train/pace_probe.h; do
    mkdir -p "$(dirname "$tree/engine/$front")"
    echo '#pragma once' >"$tree/engine/$front"
done
echo '#include "engine/core/errors.h"' >"$tree/engine/data/dataset.cpp"
echo '#include <torch/types.h>' >"$tree/engine/data/dataset.h"
echo '#include "engine/experiment/spec.h"' >"$tree/ui/form/form.h"
echo '#include "engine/data/dataset.h"' >"$tree/ui/form/form.cpp"
echo '#include "ui/form/form.h"' >"$tree/app/main.cpp"
echo '#include "engine/experiment/spec.h"' >"$tree/cluster/submit.h"
echo '#include "cluster/submit.h"' >>"$tree/ui/form/form.cpp"

expect() { # description, expected exit code, expected text
    set +e
    out=$("$script" "$tree" 2>&1)
    code=$?
    set -e
    if [ "$code" -ne "$2" ] || ! grep -qF -- "$3" <<<"$out"; then
        echo "FAIL: $1: exit $code, output:" >&2
        echo "$out" >&2
        exit 1
    fi
    echo "ok: $1"
}

expect "a tree that keeps the rule" 0 "check-layers: ok"

echo '#include "storage/store.h"' >>"$tree/engine/data/dataset.cpp"
expect "engine including storage" 1 \
    "engine/data/dataset.cpp:2 includes storage/store.h: engine may not include storage"
sed -i '2d' "$tree/engine/data/dataset.cpp"

echo '#include "engine/experiment/runner.h"' >>"$tree/engine/train/device.h"
expect "train including experiment" 1 \
    "engine/train/device.h:2 includes engine/experiment/runner.h: engine/train may not include engine/experiment"
sed -i '2d' "$tree/engine/train/device.h"

echo '#include "engine/data/dataset.h"' >>"$tree/ui/form/form.h"
expect "torch reached from a UI header" 1 \
    "ui/form/form.h must be torch-free but reaches LibTorch: ui/form/form.h → engine/data/dataset.h → <torch/types.h>"
sed -i '2d' "$tree/ui/form/form.h"

echo '#include "ui/form/form.h"' >>"$tree/cluster/submit.h"
expect "cluster including ui" 1 \
    "cluster/submit.h:2 includes ui/form/form.h: cluster may not include ui"
sed -i '2d' "$tree/cluster/submit.h"

echo '#include <QString>' >>"$tree/cluster/submit.h"
expect "Qt in the cluster layer" 1 \
    "cluster/submit.h:2 includes a Qt header: engine, storage and cluster are Qt-free"
sed -i '2d' "$tree/cluster/submit.h"

echo '#include <QtCore/QObject>' >"$tree/storage/store.h"
expect "Qt in storage" 1 "storage/store.h:1 includes a Qt header"
rm "$tree/storage/store.h"

expect "the tree restored" 0 "check-layers: ok"
