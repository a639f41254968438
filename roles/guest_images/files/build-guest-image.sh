#!/usr/bin/env bash
# Build the small test guest of one architecture from Debian packages: that architecture's
# kernel, and an initramfs of its busybox-static whose /init prints a marker on the console,
# loads the kernel modules of its virtio NIC, asks DHCP for an address and reads its UUID from the
# metadata service, printing each result on the console:
#   multiarch-guest: <uname -m> <uname -r> up after <s> s
#   multiarch-guest: address <IPv4>          (or: no address / no network interface)
#   multiarch-guest: metadata uuid <uuid>    (or: metadata uuid none)
#   multiarch-guest: console says <line>     (for each line typed on its console)
#   multiarch-guest: metadata uuid <uuid> again   (after a typed line that ends in "-metadata")
#
#   build-guest-image.sh DEB_ARCH KERNEL_PACKAGE KERNEL_GLOB OUTDIR MIRROR SUITE KEYRING NET_MODULES
#
# NET_MODULES: comma-separated module names (what they depend on is found in modules.dep; built-in
# ones are skipped).
# OUTDIR gets kernel, initrd and disk (a 1 MiB raw disk the guest boots "from": the
# kernel and initrd are given to nova as kernel_id/ramdisk_id), and SOURCES with the
# exact package versions. The packages are fetched with apt in a private state
# directory (OUTDIR/apt): the machine's own apt configuration and dpkg architectures stay
# untouched. Prints "changed" when it built something, "unchanged" when OUTDIR is complete.
set -euo pipefail

deb_arch=$1 kernel_package=$2 kernel_glob=$3 out=$4 mirror=$5 suite=$6 keyring=$7 net_modules=$8

# what this build is made of: a guest built by another version of this script or from other
# arguments is built again
recipe=$( { sha256sum < "$0"; printf '%s\n' "$@"; } | sha256sum | cut -c1-16)
if [ -s "$out/kernel" ] && [ -s "$out/initrd" ] && [ -s "$out/disk" ] && [ -s "$out/SOURCES" ] \
    && [ "$(cat "$out/RECIPE" 2>/dev/null)" = "$recipe" ]; then
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
mkdir -p "$initramfs/bin" "$initramfs/proc" "$initramfs/sys" "$initramfs/dev" "$initramfs/modules"
cp "$work/busybox-root/bin/busybox" "$initramfs/bin/busybox"

# the NIC's modules and what they depend on, in load order (each module's .modinfo names what it
# depends on; those are loaded first). The package has no modules.dep (depmod makes it on install).
moddir=$(find "$work/kernel-root/lib/modules" -mindepth 1 -maxdepth 1 -type d | head -n1)
: > "$initramfs/modules/order"
add_module() {
    local name=$1 path file dep
    name=${name//-/_}
    grep -qx "$name" "$initramfs/modules/order" && return 0
    path=$(find "$moddir/kernel" -regextype posix-extended -regex ".*/${name//_/[-_]}\.ko(\.(xz|zst|gz))?" | head -n1)
    if [ -z "$path" ]; then
        if grep -Eq "/${name//_/[-_]}\.ko\$" "$moddir/modules.builtin" 2>/dev/null; then
            return 0
        fi
        # a built-in driver that is never a module (s390x's virtio_ccw, a bool option) is missing from
        # modules.builtin, but its parameters and licence are in modules.builtin.modinfo as "<name>.<key>=..."
        if tr '\0' '\n' < "$moddir/modules.builtin.modinfo" 2>/dev/null | grep "^${name}\." > /dev/null; then
            return 0
        fi
        echo "$real_kernel has no module $name (neither loadable nor built in)" >&2
        exit 1
    fi
    file=$initramfs/modules/$name.ko
    case "$path" in
    *.ko) cp "$path" "$file" ;;
    *.ko.xz) xz -dc "$path" > "$file" ;;
    *.ko.zst) zstd -qdc "$path" > "$file" ;;
    *.ko.gz) gzip -dc "$path" > "$file" ;;
    esac
    for dep in $(tr '\0' '\n' < "$file" | sed -n 's/^depends=//p' | head -n1 | tr ',' ' '); do
        add_module "$dep"
    done
    echo "$name" >> "$initramfs/modules/order"
}
IFS=, read -r -a wanted <<< "$net_modules"
for module in "${wanted[@]}"; do add_module "$module"; done

cat > "$initramfs/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "multiarch-guest: $(uname -m) $(uname -r) up after $(cut -d' ' -f1 /proc/uptime) s"
for module in $(cat /modules/order); do insmod "/modules/$module.ko"; done
ip link set lo up
# the instance's UUID from the metadata service, "none" after <tries> failed tries. HTTP by hand with nc:
# busybox-static's wget segfaults (static glibc's name service switch)
metadata_uuid() {
    uuid=
    for try in $(seq "$1"); do
        uuid=$(printf 'GET /openstack/latest/meta_data.json HTTP/1.0\r\nHost: 169.254.169.254\r\n\r\n' \
               | nc -w 10 169.254.169.254 80 2>/dev/null | sed -n 's/.*"uuid": *"\([0-9a-f-]*\)".*/\1/p')
        [ -n "$uuid" ] && break
        sleep 3
    done
    echo "${uuid:-none}"
}
# the first NIC, whatever the kernel named it
nic=$(ls /sys/class/net | grep -v '^lo$' | head -n1)
if [ -z "$nic" ]; then
    echo "multiarch-guest: no network interface"
elif ip link set "$nic" up && udhcpc -i "$nic" -f -q -n -t 30 -T 2 -O staticroutes -s /dhcp-event >/dev/null 2>&1; then
    echo "multiarch-guest: address $(ip -4 -o addr show dev "$nic" | awk '{print $4}' | cut -d/ -f1)"
    echo "multiarch-guest: metadata uuid $(metadata_uuid 10)"
else
    echo "multiarch-guest: no address"
fi
# answer every line typed on the console: validate proves a guest's console through nova's console proxy; a line
# that ends in "-metadata" asks for the metadata service again (a guest after its live migration)
while :; do
    if read -r line; then
        echo "multiarch-guest: console says $line"
        case $line in *-metadata) echo "multiarch-guest: metadata uuid $(metadata_uuid 3) again" ;; esac
    else
        sleep 3600
    fi
done
INIT
chmod 0755 "$initramfs/init"
# udhcpc's event script: the leased address, the default route and the classless static routes
# (option 121: the metadata service's route on a network without a router)
cat > "$initramfs/dhcp-event" <<'EVENT'
#!/bin/busybox sh
case "$1" in
bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    for gateway in $router; do ip route add default via "$gateway" dev "$interface" 2>/dev/null; break; done
    set -- $staticroutes
    while [ $# -ge 2 ]; do ip route add "$1" via "$2" dev "$interface" 2>/dev/null; shift 2; done
    ;;
esac
EVENT
chmod 0755 "$initramfs/dhcp-event"
(cd "$initramfs" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) | gzip -9n > "$work/initrd"

cp "${kernels[0]}" "$work/kernel"
truncate -s 1M "$work/disk"
{
    for deb in "$work"/"${real_kernel}"_*.deb "$work"/busybox-static_*.deb; do
        echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version) $(dpkg-deb -f "$deb" Architecture) from $mirror $suite"
    done
    echo "modules: $(tr '\n' ' ' < "$initramfs/modules/order")"
} > "$work/SOURCES"
mv "$work/kernel" "$work/initrd" "$work/disk" "$out/"
mv "$work/SOURCES" "$out/SOURCES"
echo "$recipe" > "$out/RECIPE"
echo changed
