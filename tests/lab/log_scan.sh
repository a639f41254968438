#!/usr/bin/env bash
# What the default lab's service logs say about messaging and eventlet, after `make tempest` (or any run):
# per host and log file, the lines matching each pattern below. Reads the lab hosts' roots directly.
#
# Usage: log_scan.sh [LAB_DIR]     (default /var/lib/multiarch-openstack/lab). Exit 1 when a pattern matched.
set -uo pipefail

lab=${1:-/var/lib/multiarch-openstack/lab}
patterns=(
    'greenlet.error'                   # eventlet and a native thread on one socket
    'missed heartbeats from client'    # RabbitMQ closed a connection whose client went quiet
    'Connection reset by peer'         # ... which the client then met
    'AMQP server on .* is unreachable' # oslo.messaging lost RabbitMQ
)
found=0
hosts=()
for root in "$lab"/hosts/*/root; do
    [ -d "$root/var/log" ] || continue
    h=$(basename "$(dirname "$root")")
    hosts+=("$h")
    for p in "${patterns[@]}"; do
        while IFS=: read -r file count; do
            [ "$count" -gt 0 ] || continue
            printf '%s %s: %d x %s\n' "$h" "${file#"$root"}" "$count" "$p"
            found=1
        done < <(grep -r -c -E -- "$p" "$root/var/log/nova" "$root/var/log/neutron" "$root/var/log/glance" \
                     "$root/var/log/placement" "$root/var/log/keystone" "$root/var/log/rabbitmq" \
                     "$root/var/log/libvirt" 2>/dev/null)
    done
done
[ "$found" -eq 0 ] && echo "log_scan: none of the ${#patterns[@]} patterns in the service logs of ${hosts[*]}"
exit "$found"
