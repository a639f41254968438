#!/usr/bin/env bash
# Fails when anything of a lab is left on this machine: network namespaces, veths, the bridge,
# mounts or processes below the state directory, NAT/forward rules, the state directory itself.
# Usage: check_clean.sh STATE_DIR BRIDGE NETWORK [HOST...]
#        check_clean.sh --vars FILE [HOST...]   (lab_state_dir, lab_bridge, lab_network from FILE, or the lab
#                                                role's defaults where FILE does not set them)
# With HOST names, only those hosts' namespaces and veths count (other labs may be running);
# without, any lab namespace or veth does.
set -uo pipefail
if [ "${1:-}" = --vars ]; then
    defaults=$(dirname "$0")/../../roles/lab/defaults/main.yml
    value() {
        local found
        found=$(sed -n "s/^$1: *//p" "$2" | head -n1)
        [ -n "$found" ] || found=$(sed -n "s/^$1: *//p" "$defaults" | head -n1)
        [ -n "$found" ] || { echo "check_clean.sh: neither $2 nor $defaults sets $1" >&2; exit 2; }
        echo "$found"
    }
    file=$2
    shift 2
    state_dir=$(value lab_state_dir "$file") && bridge=$(value lab_bridge "$file") && network=$(value lab_network "$file") || exit 2
    set -- "$state_dir" "$bridge" "$network" "$@"
fi
state_dir=$1 bridge=$2 network=$3
shift 3
hosts=("$@")
ours() {
    # ours NAME: NAME (without its mlab-/mlv- prefix) is one of this lab's hosts, or no hosts were named
    [ "${#hosts[@]}" -eq 0 ] && return 0
    local host
    for host in "${hosts[@]}"; do [ "$host" = "$1" ] && return 0; done
    return 1
}
left=()

for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
    case "$ns" in mlab-*) ours "${ns#mlab-}" && left+=("network namespace $ns");; esac
done
for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    case "$link" in mlv-*) ours "${link#mlv-}" && left+=("veth $link");; esac
    [ "$link" = "$bridge" ] && left+=("bridge $link")
done
while read -r target; do
    [ -n "$target" ] && left+=("mount $target")
done < <(findmnt -rn -o TARGET | awk -v r="$state_dir" 'index($0, r "/") == 1 || $0 == r')
for proc in /proc/[0-9]*; do
    root=$(readlink "$proc/root" 2>/dev/null) || continue
    case "$root" in "$state_dir"/*) left+=("process ${proc#/proc/} ($(cat "$proc/comm" 2>/dev/null)) rooted in $root");; esac
done
if command -v iptables >/dev/null; then
    # the NAT rule names the lab network, the forward rules its bridge
    while read -r rule; do
        [ -n "$rule" ] && left+=("iptables rule: $rule")
    done < <({ iptables -t nat -S POSTROUTING; iptables -S FORWARD; } 2>/dev/null \
             | grep 'multiarch.openstack lab' | grep -F -e "$network" -e "$bridge")
fi
[ -e "$state_dir" ] && left+=("state directory $state_dir")

if [ "${#left[@]}" -gt 0 ]; then
    printf 'left behind by the lab:\n' >&2
    printf '  %s\n' "${left[@]}" >&2
    exit 1
fi
echo "nothing of the lab at $state_dir ($bridge) is left"
