#!/usr/bin/env bash
# Installs a Prunescope .deb into a clean Debian 12 chroot and smoke-tests it: the dependencies
# resolve without recommends, both programs start (the window under Xvfb, still running after 8 s),
# and with the recommended dataset installed the CLI reads it and expands the example preset.
#   sudo packaging/test-deb-in-chroot.sh build/prunescope_0.1.0_amd64.deb
# Needs root, mmdebstrap and Debian's mirror. The bootstrapped base (PRUNESCOPE_CHROOT_BASE) and
# the downloaded packages (PRUNESCOPE_CHROOT_CACHE) are kept between runs, so a rerun downloads
# nothing; every run installs into a fresh copy of the base, removed at the end.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
    echo "usage: $0 PATH/TO/prunescope_VERSION_ARCH.deb" >&2
    exit 2
fi
[ "$(id -u)" -eq 0 ] || { echo "$0: run as root (chroot and mount)" >&2; exit 1; }
deb=$(realpath "$1")
base=${PRUNESCOPE_CHROOT_BASE:-/var/tmp/prunescope-bookworm-base}
cache=${PRUNESCOPE_CHROOT_CACHE:-/var/tmp/prunescope-bookworm-apt-cache}
mirror=${PRUNESCOPE_MIRROR:-http://deb.debian.org/debian}
security_mirror=${PRUNESCOPE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

if [ ! -d "$base" ]; then
    mmdebstrap --variant=apt --include=ca-certificates bookworm "$base" \
        "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
        "deb $security_mirror bookworm-security main"
fi

root=$(mktemp -d /var/tmp/prunescope-chroot.XXXXXX)
cleanup() {
    for m in var/cache/apt/archives dev/shm dev/pts dev sys proc; do
        if mountpoint -q "$root/$m"; then umount "$root/$m" || umount -l "$root/$m"; fi
    done
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT

cp -a "$base/." "$root/"
mkdir -p "$cache/partial"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/dev/shm"
mount --bind "$cache" "$root/var/cache/apt/archives"
# Packages must not start services inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp "$deb" "$root/tmp/"
pkg=/tmp/$(basename "$deb")

in_chroot() {
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive bash -euxo pipefail -c "$1"
}

in_chroot "
apt-get update -q
apt-get install -y -q --no-install-recommends $pkg xvfb xauth
dpkg -s prunescope | grep -E '^(Version|Depends|Recommends):'
prunescope-cli --version
prunescope-cli --help
prunescope-cli methods >/tmp/methods.txt
head -n 12 /tmp/methods.txt
prunescope --help  # answers without a display
set +e
xvfb-run -a timeout 8 prunescope /tmp/x.db
status=\$?
set -e
echo \"prunescope under Xvfb exited \$status (124: still running after 8 s, so it started)\"
test \$status -eq 124
test -s /tmp/x.db
"

# The recommended packages: the default dataset and OpenBLAS.
in_chroot "
apt-get install -y -q dataset-fashion-mnist libopenblas0-openmp
prunescope-cli datasets inspect /usr/share/datasets/fashion-mnist
prunescope-cli run /usr/share/doc/prunescope/examples/fashion-mnist-random-kd.json \
    --store /tmp/cli.db --dry-run
ls -l /usr/share/man/man1/prunescope.1.gz /usr/share/man/man1/prunescope-cli.1.gz
"
echo "test-deb-in-chroot: $(basename "$deb") installed and started in a clean Debian 12 chroot"
