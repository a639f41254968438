#!/usr/bin/env bash
# Build the small test guest of one architecture from Debian packages: that architecture's
# kernel, and an initramfs of its busybox-static whose /init prints a marker on the console.
#
#   build-guest-image.sh DEB_ARCH KERNEL_PACKAGE KERNEL_GLOB OUTDIR MIRROR SUITE KEYRING
#
# OUTDIR gets kernel, initrd and disk (a 1 MiB raw disk the guest boots "from": the
# kernel and initrd are given to nova as kernel_id/ramdisk_id), and SOURCES with the
# exact package versions. The packages are fetched with apt in a private state
# directory (OUTDIR/apt): the machine's own apt configuration and dpkg architectures stay
# untouched. Prints "changed" when it built something, "unchanged" when OUTDIR is complete.
set -euo pipefail

deb_arch=$1 kernel_package=$2 kernel_glob=$3 out=$4 mirror=$5 suite=$6 keyring=$7

if [ -s "$out/kernel" ] && [ -s "$out/initrd" ] && [ -s "$out/disk" ] && [ -s "$out/SOURCES" ]; then
    echo unchanged
    exit 0
fi

mkdir -p "$out/apt/lists/partial" "$out/apt/archives/partial" "$out/apt/etc/preferences.d"
touch "$out/apt/status"
echo "deb [arch=$deb_arch signed-by=$keyring] $mirror $suite main" > "$out/apt/etc/sources.list"
apt_opts=(
    -o "APT::Architecture=$deb_arch" -o "APT::Architectures::=$deb_arch"
    -o "Dir::State=$out/apt" -o "Dir::State::Lists=$out/apt/lists" -o "Dir::State::status=$out/apt/status"
    -o "Dir::Cache=$out/apt" -o "Dir::Cache::archives=$out/apt/archives"
    -o "Dir::Etc::SourceList=$out/apt/etc/sources.list" -o "Dir::Etc::SourceParts=-"
    -o "Dir::Etc::PreferencesParts=$out/apt/etc/preferences.d" -o "APT::Sandbox::User=root"
)
apt-get "${apt_opts[@]}" -q update >&2
# the metapackage depends on the versioned kernel package that holds the files
real_kernel=$(apt-cache "${apt_opts[@]}" depends "$kernel_package" | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
if [ -z "$real_kernel" ]; then
    echo "no versioned kernel package behind $kernel_package for $deb_arch on $mirror $suite" >&2
    exit 1
fi

work=$(mktemp -d "$out/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get "${apt_opts[@]}" -q download "$real_kernel" busybox-static >&2)

mkdir "$work/kernel-root" "$work/busybox-root"
dpkg-deb -x "$work"/"${real_kernel}"_*.deb "$work/kernel-root"
dpkg-deb -x "$work"/busybox-static_*.deb "$work/busybox-root"
# shellcheck disable=SC2206 # the glob is meant to expand
kernels=("$work"/kernel-root/boot/$kernel_glob)
if [ ! -s "${kernels[0]}" ]; then
    echo "$real_kernel has no /boot/$kernel_glob" >&2
    exit 1
fi

initramfs=$work/initramfs
mkdir -p "$initramfs/bin" "$initramfs/proc" "$initramfs/sys" "$initramfs/dev"
cp "$work/busybox-root/bin/busybox" "$initramfs/bin/busybox"
cat > "$initramfs/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "multiarch-guest: $(/bin/busybox uname -m) $(/bin/busybox uname -r) up after $(/bin/busybox cut -d' ' -f1 /proc/uptime) s"
while :; do /bin/busybox sleep 3600; done
INIT
chmod 0755 "$initramfs/init"
(cd "$initramfs" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) | gzip -9n > "$work/initrd"

cp "${kernels[0]}" "$work/kernel"
truncate -s 1M "$work/disk"
{
    for deb in "$work"/"${real_kernel}"_*.deb "$work"/busybox-static_*.deb; do
        echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version) $(dpkg-deb -f "$deb" Architecture) from $mirror $suite"
    done
} > "$work/SOURCES"
mv "$work/kernel" "$work/initrd" "$work/disk" "$out/"
mv "$work/SOURCES" "$out/SOURCES"
echo changed
