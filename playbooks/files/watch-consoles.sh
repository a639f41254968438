#!/usr/bin/env bash
# Used by multiarch.openstack.validate, on the controller: watch the console logs of the guests until
# each shows its marker ("multiarch-guest: ARCH ..."), and print "ARCH SECONDS" for each as it
# appears, SECONDS counted from the guest's creation (nova's created_at), polled every 2 s.
#   watch-consoles.sh TIMEOUT ID,ARCH,CREATED_AT...
# Fails naming the guests whose marker did not appear within TIMEOUT seconds.
set -u
# shellcheck source=/dev/null
. /root/admin-openrc
deadline=$(( $(date +%s) + $1 ))
shift
pending=("$@")
while [ "${#pending[@]}" -gt 0 ]; do
    left=()
    for guest in "${pending[@]}"; do
        IFS=, read -r id arch created <<< "$guest"
        if openstack console log show "$id" 2>/dev/null | grep -q "multiarch-guest: $arch "; then
            echo "$arch $(( $(date +%s) - $(date -d "$created" +%s) ))"
        else
            left+=("$guest")
        fi
    done
    pending=("${left[@]+"${left[@]}"}")
    [ "${#pending[@]}" -eq 0 ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
        for guest in "${pending[@]}"; do echo "no marker on the console of guest ${guest%%,*} within $1 s" >&2; done
        exit 1
    fi
    sleep 2
done
