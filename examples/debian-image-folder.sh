#!/usr/bin/env bash
# Builds an image-folder dataset (OUT/train/<class>/*, OUT/test/<class>/*) of symlinks to real
# images shipped, unchanged, by a Debian 12 package. Nothing is decoded, converted or generated.
#
#   debian-image-folder.sh OUT [johns|digits]
#
#   johns   (default) libdlib19.1: 55 real face photographs, 150x150 RGB JPEG, 5 people x 11
#           (/usr/share/doc/libdlib19.1/examples/johns/<John_X>/*.jpg). Licence: Boost-1.0.
#           apt-get install -y --no-install-recommends libdlib19.1
#   digits  python3-pyclustering: 250 hand-drawn digits, 32x32 opaque PNG, 10 classes x 25
#           (/usr/share/pyclustering/samples/images/digits/Digit_<d>_SampleNN.png). GPL-3+.
#           apt-get install -y --no-install-recommends python3-pyclustering
#
# Split: within each class, files in byte order (LC_ALL=C); every 5th (positions 5, 10, ...) goes
# to test/, the rest to train/. Idempotent: a rerun replaces the train/ and test/ it made before
# (recognised by OUT/.made-by-debian-image-folder) and refuses to touch anything else.
set -euo pipefail
export LC_ALL=C

out=${1:?usage: $0 OUT [johns|digits]}
source=${2:-johns}
marker=.made-by-debian-image-folder

case "$source" in
johns)
    pkg=libdlib19.1
    src=/usr/share/doc/libdlib19.1/examples/johns
    # "<class> <file>" lines: the class is the person's folder.
    list() { find "$src" -mindepth 2 -maxdepth 2 -type f -name '*.jpg' -printf '%h %p\n' |
        sed 's|^[^ ]*/||' | sort; }
    ;;
digits)
    pkg=python3-pyclustering
    src=/usr/share/pyclustering/samples/images/digits
    # The class is the digit in Digit_<d>_SampleNN.png.
    list() { find "$src" -maxdepth 1 -type f -name 'Digit_*_Sample*.png' -printf '%p\n' |
        sed -E 's|^(.*/Digit_([0-9])_Sample[0-9]+\.png)$|\2 \1|' | sort; }
    ;;
*)
    echo "unknown source '$source' (johns or digits)" >&2
    exit 2
    ;;
esac

if [ ! -d "$src" ]; then
    echo "$src is missing: apt-get install -y --no-install-recommends $pkg" >&2
    exit 1
fi

mkdir -p "$out"
if [ -e "$out/train" ] || [ -e "$out/test" ]; then
    if [ ! -f "$out/$marker" ]; then
        echo "$out already has train/ or test/ not made by this script; not touching it" >&2
        exit 1
    fi
    rm -rf "$out/train" "$out/test"
fi
echo "$pkg $source" >"$out/$marker"

declare -A ntrain ntest pos
while read -r cls file; do
    pos[$cls]=$((${pos[$cls]:-0} + 1))
    if ((pos[$cls] % 5 == 0)); then split=test; else split=train; fi
    mkdir -p "$out/$split/$cls"
    ln -s "$file" "$out/$split/$cls/$(basename "$file")"
    if [ $split = test ]; then ntest[$cls]=$((${ntest[$cls]:-0} + 1)); else
        ntrain[$cls]=$((${ntrain[$cls]:-0} + 1)); fi
done < <(list)

total_train=0 total_test=0
printf '%-16s %6s %6s\n' class train test
for cls in $(printf '%s\n' "${!pos[@]}" | sort); do
    printf '%-16s %6d %6d\n' "$cls" "${ntrain[$cls]:-0}" "${ntest[$cls]:-0}"
    total_train=$((total_train + ${ntrain[$cls]:-0}))
    total_test=$((total_test + ${ntest[$cls]:-0}))
done
printf '%-16s %6d %6d   (%s, from %s)\n' total "$total_train" "$total_test" "$pkg" "$src"
