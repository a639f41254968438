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
#   <arch>-<virttype>-<machine>-libvirt<V>-qemu<Q>.xml virsh domcapabilities --arch --virttype --machine, for every
#                                                     architecture of the table with its machine type
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

# What to capture, from the collection's architecture table (plugins/module_utils/arch.py, the one place that knows
# architectures): per architecture "<arch> <machine type> <Debian's emulator and firmware packages...>"
table=$(python3 - "$(dirname "$0")/../plugins/module_utils/arch.py" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location('arch', sys.argv[1])
arch = importlib.util.module_from_spec(spec)
spec.loader.exec_module(arch)
for name in arch.known_architectures():
    print(name, arch.machine_type(name), ' '.join(arch.hypervisor_packages(name, 'Debian')))
PY
)
# libvirt's QEMU driver and client, and every architecture's emulator and guest firmware (domain capabilities list
# the UEFI firmware found)
read -r -a packages <<<"libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients $(cut -d' ' -f3- <<<"$table" | tr '\n' ' ')"

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
qemu_v=$(chroot "$root" dpkg-query -W -f '${Version}' qemu-system-common | sed -E 's/^([0-9]+:)?([0-9]+\.[0-9]+).*/\2/')
# every architecture under TCG, and x86_64 (this machine's own) under KVM too, each with the table's machine type
while read -r arch virttype machine; do
    name=$arch-$virttype-$machine-libvirt$libvirt_v-qemu$qemu_v.xml
    if virsh domcapabilities --arch "$arch" --virttype "$virttype" --machine "$machine" >"$out/$name.tmp"; then
        mv "$out/$name.tmp" "$out/$name"
        echo "captured $name"
    else
        rm -f "$out/$name.tmp"
        echo "$0: no domain capabilities for $arch $virttype $machine" >&2
        exit 1
    fi
done < <(awk '{print $1, "qemu", $2} $1 == "x86_64" {print $1, "kvm", $2}' <<<"$table")
