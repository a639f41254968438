#!/usr/bin/env bash
# Capture libvirt's host capabilities and its domain capabilities per architecture, as a Debian release's
# libvirt and QEMU report them, for the unit fixtures (tests/unit/fixtures/libvirt, see SOURCES.md there).
#
# Usage (root, on an x86_64 Debian machine): hacking/capture-libvirt-caps.sh OUTDIR [SUITE]
#
# Builds a minimal SUITE (default trixie) amd64 userland with debootstrap from the mirror this machine's own
# apt sources use, under /var/lib/multiarch-openstack/capture/SUITE-amd64 (kept: a second run only
# captures), installs libvirt's QEMU driver and the QEMU system emulators of every architecture the
# collection deploys, starts libvirt's QEMU daemon in it and writes to OUTDIR:
#   caps-<suite>.xml                                  virsh capabilities
#   <arch>-<virttype>-<machine>-libvirt<V>-qemu<Q>.xml virsh domcapabilities --arch --virttype --machine
# with V and Q the versions the daemon reports. The domain capabilities under TCG (virttype qemu) are what a
# host of any architecture running that QEMU reports for guests of <arch>: the emulator lists its machine types
# and CPU models whatever the host's CPU; KVM's are those of this machine (x86_64, nested) only.
set -euo pipefail

out=${1:?usage: $0 OUTDIR [SUITE]}
suite=${2:-trixie}
root=/var/lib/multiarch-openstack/capture/$suite-amd64
[ "$(id -u)" = 0 ] || { echo "$0: run as root (debootstrap, chroot)" >&2; exit 2; }
[ "$(uname -m)" = x86_64 ] || { echo "$0: an x86_64 machine is needed (the userland is amd64)" >&2; exit 2; }

# The first Debian mirror of the machine's apt sources (deb822 URIs: or one-line "deb URL suite ..."),
# not its security archive.
mirror=$({ cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
    sed -nE 's/^URIs:[[:space:]]*(https?:[^[:space:]]+).*/\1/p; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?(https?:[^[:space:]]+).*/\2/p' |
    { grep -v -- '-security' || true; } | head -1)
[ -n "$mirror" ] || { echo "$0: no http(s) mirror in this machine's apt sources" >&2; exit 2; }

# libvirt's QEMU driver, the emulators and the guest firmware the collection installs (UEFI for x86_64 and
# aarch64: domain capabilities list the firmware found)
packages=(libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-system-arm
          qemu-system-ppc qemu-system-s390x ovmf qemu-efi-aarch64)

mounted=()
cleanup() {
    if [ -f "$root/run/capture-libvirt.pid" ]; then
        kill "$(cat "$root/run/capture-libvirt.pid")" 2>/dev/null || true
        sleep 1
    fi
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

if [ ! -x "$root/usr/bin/virsh" ]; then
    mkdir -p "$(dirname "$root")"
    chmod 0755 "$(dirname "$root")"
    rm -rf "$root.new"
    debootstrap --arch=amd64 --variant=minbase "$suite" "$root.new" "$mirror"
    mv "$root.new" "$root"
fi
for m in proc sys dev; do
    mount --bind "/$m" "$root/$m"
    mounted+=("$root/$m")
done
# shellcheck disable=SC2016  # a dpkg-query format, not a shell expansion
if chroot "$root" dpkg-query -W -f '${db:Status-Status}\n' "${packages[@]}" 2>&1 | grep -qvx installed; then
    chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
fi

# the modular QEMU daemon where the release ships it, else the monolithic one (Debian 12 and 13)
daemon=libvirtd
[ -x "$root/usr/sbin/virtqemud" ] && daemon=virtqemud
mkdir -p "$root/run/libvirt"
chroot "$root" "/usr/sbin/$daemon" --daemon --pid-file /run/capture-libvirt.pid
for _ in $(seq 60); do chroot "$root" virsh -c qemu:///system version >/dev/null 2>&1 && break; sleep 1; done
virsh() { chroot "$root" virsh -c qemu:///system "$@"; }

mkdir -p "$out"
virsh capabilities >"$out/caps-$suite.xml"
# shellcheck disable=SC2016  # a dpkg-query format, not a shell expansion
libvirt_v=$(chroot "$root" dpkg-query -W -f '${Version}' libvirt-daemon | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
# shellcheck disable=SC2016  # a dpkg-query format, not a shell expansion
qemu_v=$(chroot "$root" dpkg-query -W -f '${Version}' qemu-system-x86 | sed -E 's/^([0-9]+:)?([0-9]+\.[0-9]+).*/\2/')
# architecture, virttype, machine (empty: the emulator's default)
while read -r arch virttype machine; do
    name=$arch-$virttype${machine:+-$machine}-libvirt$libvirt_v-qemu$qemu_v.xml
    if virsh domcapabilities --arch "$arch" --virttype "$virttype" ${machine:+--machine "$machine"} >"$out/$name.tmp"; then
        mv "$out/$name.tmp" "$out/$name"
        echo "captured $name"
    else
        rm -f "$out/$name.tmp"
        echo "$0: no domain capabilities for $arch $virttype $machine" >&2
        exit 1
    fi
done <<'EOF'
x86_64 qemu q35
x86_64 kvm q35
aarch64 qemu virt
ppc64le qemu pseries
s390x qemu s390-ccw-virtio
EOF
