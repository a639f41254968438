#!/usr/bin/env bash
# Network namespaces, veths, bridge and sshd of multiarch.openstack lab hosts.
# Every subcommand is idempotent and prints "changed" when it changed something.
#
#   lab-host.sh bridge-up BRIDGE ADDRESS/PREFIX
#   lab-host.sh bridge-down BRIDGE
#   lab-host.sh net-up NAME ADDRESS/PREFIX GATEWAY BRIDGE
#   lab-host.sh mounts-up NAME ROOT KVM(yes|no) [CPUINFO]
#                                           ROOT bound onto itself (a mount point), /proc, a read-only /sys of the host's network namespace (run
#                                           net-up first), a private /dev with the usual
#                                           devices and its own devpts, /dev/net/tun (and /dev/kvm when KVM=yes), CPUINFO bound over
#                                           /proc/cpuinfo
#   lab-host.sh sshd-up NAME CONFIG PIDFILE RESTART(yes|no)
#   lab-host.sh down NAME ROOT PIDFILE      stop everything of one host: processes in its
#                                           namespace or chroot, mounts under ROOT, netns, veth
#   lab-host.sh umount-below DIR            unmount everything mounted below DIR, deepest first
#   lab-host.sh binfmt-credentials NAME     give binfmt_misc entry NAME the C flag (setuid and
#                                           setgid programs of that architecture keep their
#                                           credentials: sudo, as OpenStack's privsep uses it)
set -euo pipefail

changed=0
mark() { changed=1; }
finish() { if [ "$changed" = 1 ]; then echo changed; else echo unchanged; fi; }

ns_of() { echo "mlab-$1"; }
veth_of() { echo "mlv-$1"; }

umount_below() {
    local target
    for target in $(findmnt -rn -o TARGET | awk -v r="$1" 'index($0, r "/") == 1' | sort -r); do
        umount "$target" 2>/dev/null || umount -l "$target"
        mark
    done
    if [ -n "$(findmnt -rn -o TARGET | awk -v r="$1" 'index($0, r "/") == 1')" ]; then
        echo "mounts remain below $1" >&2
        exit 1
    fi
}

# output_has PATTERN CMD...: CMD's output matches PATTERN. Reading all of the output first
# avoids "cmd | grep -q" failing under pipefail when grep exits before cmd is done writing.
output_has() {
    local pattern=$1 out
    shift
    out=$("$@")
    grep -q -- "$pattern" <<<"$out"
}

output_has_word() {
    local pattern=$1 out
    shift
    out=$("$@")
    grep -qw -- "$pattern" <<<"$out"
}

mounted() { findmnt -rn --mountpoint "$1" >/dev/null 2>&1; }

mount_once() {
    # mount_once TARGET mount-arguments...: mount unless something is mounted at TARGET
    local target=$1
    shift
    if ! mounted "$target"; then
        mount "$@" "$target"
        mark
    fi
}

bind_once() {
    # bind_once SOURCE TARGET [ro]: bind-mount a file or directory
    local source=$1 target=$2 ro=${3:-}
    if [ -d "$source" ]; then mkdir -p "$target"; elif [ ! -e "$target" ]; then : > "$target"; fi
    if ! mounted "$target"; then
        mount --bind "$source" "$target"
        if [ "$ro" = ro ]; then mount -o remount,bind,ro "$target"; fi
        mark
    fi
}

node_once() {
    # node_once DEVICE TARGET: a character device node like DEVICE, mode 0666, at TARGET
    local source=$1 target=$2
    if [ ! -c "$target" ]; then
        mknod -m 0666 "$target" c "$((16#$(stat -c %t "$source")))" "$((16#$(stat -c %T "$source")))"
        mark
    fi
}

alive() {
    # alive PIDFILE: the pid in PIDFILE runs sshd
    [ -s "$1" ] || return 1
    local pid
    pid=$(cat "$1")
    [ -d "/proc/$pid" ] && grep -q sshd "/proc/$pid/comm" 2>/dev/null
}

cmd=${1:-}
shift || true
case "$cmd" in
bridge-up)
    bridge=$1 cidr=$2
    if ! ip link show "$bridge" >/dev/null 2>&1; then
        ip link add "$bridge" type bridge
        mark
    fi
    if ! output_has_word "inet ${cidr}" ip -o addr show dev "$bridge"; then
        ip addr add "$cidr" dev "$bridge"
        mark
    fi
    if ! output_has 'state UP\|,UP' ip -o link show "$bridge"; then
        ip link set "$bridge" up
        mark
    fi
    ;;
bridge-down)
    bridge=$1
    if ip link show "$bridge" >/dev/null 2>&1; then
        ip link del "$bridge"
        mark
    fi
    ;;
net-up)
    name=$1 cidr=$2 gateway=$3 bridge=$4
    ns=$(ns_of "$name") veth=$(veth_of "$name")
    if [ ! -e "/run/netns/$ns" ]; then
        ip netns add "$ns"
        mark
    fi
    if ! ip link show "$veth" >/dev/null 2>&1; then
        ip link add "$veth" type veth peer name eth0 netns "$ns"
        mark
    fi
    if ! output_has "master $bridge" ip -o link show "$veth"; then
        ip link set "$veth" master "$bridge"
        mark
    fi
    if ! output_has ',UP' ip -o link show "$veth"; then
        ip link set "$veth" up
        mark
    fi
    if ! output_has ',UP' ip netns exec "$ns" ip -o link show lo; then
        ip netns exec "$ns" ip link set lo up
        mark
    fi
    if ! output_has_word "inet ${cidr}" ip netns exec "$ns" ip -o addr show dev eth0; then
        ip netns exec "$ns" ip addr add "$cidr" dev eth0
        mark
    fi
    if ! output_has ',UP' ip netns exec "$ns" ip -o link show eth0; then
        ip netns exec "$ns" ip link set eth0 up
        mark
    fi
    if ! output_has "via $gateway " ip netns exec "$ns" ip route show default; then
        ip netns exec "$ns" ip route replace default via "$gateway"
        mark
    fi
    ;;
mounts-up)
    name=$1 root=$2 kvm=$3 cpuinfo=${4:-}
    # The root a mount point of its own, as on a real host: `ip netns exec` (neutron's DHCP and L3
    # agents run everything in their namespaces through it) makes / a slave mount first, which fails
    # ("mount --make-rslave /": Invalid argument) where / is a plain directory. --rbind keeps what an
    # older lab already mounted below it.
    if ! mounted "$root"; then
        mount --rbind "$root" "$root"
        mark
    fi
    mount_once "$root/proc" -t proc proc
    # sysfs shows the network devices of the namespace that mounts it: mount it from the
    # host's namespace (nsenter keeps this mount namespace) so /sys/class/net lists its own
    # bridges and taps, as neutron's agents and libvirt expect.
    if ! mounted "$root/sys"; then
        nsenter --net="/run/netns/$(ns_of "$name")" mount -t sysfs -o ro sysfs "$root/sys"
        mark
    fi
    mount_once "$root/dev" -t tmpfs -o mode=0755,size=8m,nosuid lab-dev
    for dev in null zero full random urandom tty; do bind_once "/dev/$dev" "$root/dev/$dev"; done
    # /dev/kvm and /dev/net/tun as a Debian host's udev makes them (mode 0666), so that QEMU
    # run by libvirt as libvirt-qemu opens them; their own nodes, the machine's keep their mode.
    if [ "$kvm" = yes ]; then node_once /dev/kvm "$root/dev/kvm"; fi
    if [ -c /dev/net/tun ]; then mkdir -p "$root/dev/net"; node_once /dev/net/tun "$root/dev/net/tun"; fi
    # A devpts instance of its own whose ptmx anyone may open, as on a Debian host: QEMU
    # run by libvirt as libvirt-qemu allocates its serial console there (the machine's
    # devpts may have ptmxmode=000, which only root can open).
    mkdir -p "$root/dev/pts"
    mount_once "$root/dev/pts" -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 lab-devpts
    if [ ! -L "$root/dev/ptmx" ]; then ln -s pts/ptmx "$root/dev/ptmx"; mark; fi
    mkdir -p "$root/dev/shm"
    mount_once "$root/dev/shm" -t tmpfs -o mode=1777,nosuid,nodev lab-shm
    for link in fd:/proc/self/fd stdin:/proc/self/fd/0 stdout:/proc/self/fd/1 stderr:/proc/self/fd/2; do
        if [ ! -L "$root/dev/${link%%:*}" ]; then ln -s "${link#*:}" "$root/dev/${link%%:*}"; mark; fi
    done
    if [ -n "$cpuinfo" ]; then bind_once "$cpuinfo" "$root/proc/cpuinfo" ro; fi
    ;;
sshd-up)
    name=$1 config=$2 pidfile=$3 restart=$4
    ns=$(ns_of "$name")
    if alive "$pidfile" && [ "$restart" = yes ]; then
        kill "$(cat "$pidfile")"
        for _ in $(seq 40); do alive "$pidfile" || break; sleep 0.25; done
    fi
    if ! alive "$pidfile"; then
        /usr/sbin/sshd -t -f "$config"
        # its own UTS namespace too, so that `hostname` in the host says its name
        ip netns exec "$ns" unshare --uts /bin/sh -c "hostname \"\$1\" && exec /usr/sbin/sshd -f \"\$2\"" sshd-up "$name" "$config"
        for _ in $(seq 40); do alive "$pidfile" && break; sleep 0.25; done
        alive "$pidfile" || { echo "sshd of $name did not start" >&2; exit 1; }
        mark
    fi
    ;;
down)
    name=$1 root=$2 pidfile=$3
    ns=$(ns_of "$name") veth=$(veth_of "$name")
    # the host's sshd, then whatever runs in its namespace or below its root (services
    # started in the host, login sessions)
    if alive "$pidfile"; then kill "$(cat "$pidfile")"; mark; fi
    rm -f "$pidfile"
    for signal in TERM KILL; do
        pids=""
        if [ -e "/run/netns/$ns" ]; then pids=$(ip netns pids "$ns" || true); fi
        if [ -d "$root" ]; then
            for proc in /proc/[0-9]*; do
                if [ "$(readlink "$proc/root" 2>/dev/null)" = "$root" ]; then pids="$pids ${proc#/proc/}"; fi
            done
        fi
        pids=$(echo "$pids" | xargs -n1 2>/dev/null | sort -u | xargs)
        [ -n "$pids" ] || break
        read -ra pid_list <<< "$pids"
        kill "-$signal" "${pid_list[@]}" 2>/dev/null || true
        mark
        for _ in $(seq 20); do
            still=""
            for pid in $pids; do [ -d "/proc/$pid" ] && still="$still $pid"; done
            [ -n "$still" ] || break
            sleep 0.25
        done
    done
    if [ -d "$root" ]; then
        # the root bound onto itself, with everything below it; a lab made by an older version had
        # mounts below the root before it was bound, hidden under the bound tree until then
        while mounted "$root"; do umount -R "$root" 2>/dev/null || umount -l "$root"; mark; done
        umount_below "$root"
    fi
    if ip link show "$veth" >/dev/null 2>&1; then ip link del "$veth"; mark; fi
    if [ -e "/run/netns/$ns" ]; then ip netns del "$ns"; mark; fi
    ;;
binfmt-credentials)
    entry=/proc/sys/fs/binfmt_misc/$1
    flags=$(sed -n 's/^flags: //p' "$entry")
    case $flags in
    *C*) ;;
    *)
        interpreter=$(sed -n 's/^interpreter //p' "$entry")
        offset=$(sed -n 's/^offset //p' "$entry")
        magic=$(sed -n 's/^magic //p' "$entry" | sed 's/../\\x&/g')
        mask=$(sed -n 's/^mask //p' "$entry" | sed 's/../\\x&/g')
        echo -1 > "$entry"
        printf '%s' ":$1:M:$offset:$magic:$mask:$interpreter:${flags}C" > /proc/sys/fs/binfmt_misc/register
        mark
        ;;
    esac
    ;;
umount-below)
    umount_below "$1"
    ;;
*)
    echo "usage: $0 bridge-up|bridge-down|net-up|mounts-up|sshd-up|down|umount-below ..." >&2
    exit 2
    ;;
esac
finish
