#!/usr/bin/env bash
# Used by multiarch.openstack.validate, on the controller: watch the console logs of the guests until
# each shows its marker ("multiarch-guest: ARCH ...") and, for a guest with a network port, the end of
# its network check ("multiarch-guest: metadata uuid ...", "... no address" or "... no network interface").
# Prints "ARCH MARKER_SECONDS NETWORK_SECONDS" for each guest when it is done (NETWORK_SECONDS is "-" for a
# guest without a port), counted from the guest's creation (nova's created_at), polled every 2 s.
#   watch-consoles.sh TIMEOUT ID,ARCH,CREATED_AT,NETWORK(yes|no)...
# Fails naming the guests that were not done within TIMEOUT seconds.
set -u
# shellcheck source=/dev/null
. /root/admin-openrc
deadline=$(( $(date +%s) + $1 ))
shift
pending=("$@")
declare -A marker
while [ "${#pending[@]}" -gt 0 ]; do
    left=()
    for guest in "${pending[@]}"; do
        IFS=, read -r id arch created network <<< "$guest"
        console=$(openstack console log show "$id" 2>/dev/null)
        elapsed=$(( $(date +%s) - $(date -d "$created" +%s) ))
        if [ -z "${marker[$id]:-}" ] && grep -q "multiarch-guest: $arch " <<< "$console"; then
            marker[$id]=$elapsed
        fi
        if [ -n "${marker[$id]:-}" ] && [ "$network" != yes ]; then
            echo "$arch ${marker[$id]} -"
        elif [ -n "${marker[$id]:-}" ] && grep -Eq "multiarch-guest: (metadata uuid|no address|no network interface)" <<< "$console"; then
            echo "$arch ${marker[$id]} $elapsed"
        else
            left+=("$guest")
        fi
    done
    pending=("${left[@]+"${left[@]}"}")
    [ "${#pending[@]}" -eq 0 ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
        for guest in "${pending[@]}"; do echo "guest ${guest%%,*} not done on its console within $1 s" >&2; done
        exit 1
    fi
    sleep 2
done
