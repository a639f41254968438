#!/usr/bin/env bash
# Migration within an architecture group, on the default lab's converged cloud (`make demo` first; `make migrate`
# runs this). Each step prints PASS or FAIL with what it saw and its seconds; the script exits 1 when one failed.
#
#   add        a second aarch64 host, cmp-arm2, presenting another real CPU (an Arm Cortex-X3/A715/A710/A510 SoC;
#              cmp-arm presents a HiSilicon Kunpeng 920), joins the lab (lab_up) and the cloud
#              (site --limit localhost,cmp-arm2): the recap shows changes on localhost and cmp-arm2 only
#   model      both aarch64 hosts' nova-compute.conf [libvirt] have the same cpu_mode and cpu_models, which
#              multiarch.openstack.libvirt_cpu chose for the group; printed
#   boot       an aarch64 guest with a port on a project network boots on cmp-arm and reads its UUID from the
#              metadata service
#   live       live migration (block migration: no shared storage) to cmp-arm2, over libvirt's TLS with the
#              certificates of the deployment's CA: nova's migration record completed, the guest ACTIVE on
#              cmp-arm2, answering on its serial console through nova's proxy and reading its UUID from the
#              metadata service again (its port moved with it)
#   refused    live migration of the guest to ctl-x86 (an x86_64 host, in the x86_64 aggregate): nova refuses
#              it (no valid host; the migration record in error); the guest stays ACTIVE on cmp-arm2
#   retire     multiarch.openstack.retire_compute retires cmp-arm2 with the guest on it: retire live-migrates the
#              guest back to cmp-arm (ACTIVE, metadata again) and removes cmp-arm2's service; the guest and its
#              network are then deleted. cmp-arm2's lab host keeps running outside the cloud until make lab-down.
#
# Usage: migrate.sh   (needs ansible-playbook on PATH with the collection installed, as make migrate sets up)
set -uo pipefail

inventory=${LAB_INVENTORY:-/var/lib/multiarch-openstack/lab/inventory.yml}
lab_dir=$(dirname "$inventory")
here=$(cd "$(dirname "$0")" && pwd)
collection=${MIGRATE_COLLECTION:-$(cd "$here/../.." && pwd)}
controller=ctl-x86 source=cmp-arm target=cmp-arm2 other_arch=ctl-x86
guest=migrate-aarch64 net=migrate-net cidr=203.0.113.0/24
logs=$(mktemp -d /tmp/multiarch-migrate.XXXXXX)
failed=0
say() { printf '%s migrate: %s\n' "$(date +%T)" "$*"; }
pass() { say "PASS $1 ($(( $(date +%s) - step_start )) s): $2"; }
fail() { say "FAIL $1 ($(( $(date +%s) - step_start )) s): $2"; failed=1; }
begin() { step_start=$(date +%s); say "$1: $2"; }
on() { ssh -F "$lab_dir/ssh_config" "$@"; }                     # on <host> <command...>
cloud() { on "$controller" ". /root/admin-openrc && $(printf '%q ' "$@")"; }  # a command on the controller, as admin
cloud_sh() { on "$controller" ". /root/admin-openrc && $1"; }                # a shell line there, as admin
server_field() { cloud openstack server show "$guest" -f value -c "$1"; }

# changed=N of every host in the last PLAY RECAP of a log, as "host=N" lines
recap_changed() {
    awk '/^PLAY RECAP/ {delete c; inrecap=1; next}
         inrecap && /: ok=/ {for (i = 1; i <= NF; i++) if ($i ~ /^changed=/) {split($i, a, "="); c[$1] = a[2]}}
         inrecap && /^$/ {inrecap=0}
         END {for (h in c) print h "=" c[h]}' "$1" | sort
}

# the [libvirt] cpu_mode and cpu_models of a host's nova-compute.conf, on one line
cpu_settings() {
    on "$1" awk "'/^\\[/ { s = \$0 } s == \"[libvirt]\" && /^(cpu_mode|cpu_models) *=/ { printf \"%s \", \$0 }'" \
        /etc/nova/nova-compute.conf
}

# wait until the guest's console log has a line matching <regex> (seconds); prints the line
console_line() {
    local end=$(( $(date +%s) + $2 )) line
    while [ "$(date +%s)" -lt "$end" ]; do
        line=$(cloud openstack console log show "$guest" 2>/dev/null | grep -E -m1 "$1") && { echo "$line"; return 0; }
        sleep 10
    done
    return 1
}

# the guest answers on its serial console through nova's proxy and reads the metadata service again: its UUID
metadata_again() {
    local url
    url=$(cloud openstack console url show --serial -f value -c url "$guest") || return 1
    on "$controller" "python3 - $(printf '%q' "$url") 600 metadata" < "$collection/playbooks/files/console-check.py" \
        | sed -n 's/.*"metadata_uuid": "\([^"]*\)".*/\1/p'
}

# wait until the guest's status is not MIGRATING (seconds)
settle() {
    local end=$(( $(date +%s) + $1 )) status
    while [ "$(date +%s)" -lt "$end" ]; do
        status=$(server_field status)
        case $status in MIGRATING | "") sleep 5 ;; *) echo "$status"; return 0 ;; esac
    done
    echo "still MIGRATING after $1 s"
}

say "logs: $logs"

begin add "a second aarch64 host ($target) joins the lab and the cloud with site --limit localhost,$target"
lab_vars=$logs/lab.yml
python3 - "$collection/playbooks/vars/default_lab.yml" "$target" > "$lab_vars" <<'EOF' || fail add "cannot write the lab's hosts"
import sys
import yaml
lab = yaml.safe_load(open(sys.argv[1]))
if not any(host['name'] == sys.argv[2] for host in lab['lab_hosts']):
    lab['lab_hosts'].append({'name': sys.argv[2], 'arch': 'aarch64', 'cpuinfo': 'arm-a510-a710-a715-x3',
                             'groups': ['computes']})
print(yaml.safe_dump(lab))
EOF
if ! ansible-playbook multiarch.openstack.lab_up -e "@$lab_vars" > "$logs/lab_up.log" 2>&1; then
    fail add "lab_up failed: $logs/lab_up.log"
elif ! ansible-playbook -i "$inventory" multiarch.openstack.site --limit "localhost,$target" > "$logs/add.log" 2>&1; then
    fail add "site --limit localhost,$target failed: $(grep -m1 -A3 'fatal:\|FAILED!' "$logs/add.log")"
else
    others=$(recap_changed "$logs/add.log" | grep -v -e "^localhost=" -e "^$target=" | grep -v '=0$')
    if [ -n "$others" ]; then
        fail add "hosts outside --limit changed: $others"
    else
        pass add "recap: $(recap_changed "$logs/add.log" | tr '\n' ' ')"
    fi
fi

begin model "libvirt_cpu's choice for the aarch64 group ($source, $target)"
a=$(cpu_settings "$source") b=$(cpu_settings "$target")
if [ -n "$a" ] && [ "$a" = "$b" ]; then
    pass model "both hosts: $a(CPUs: $(on "$source" lscpu | sed -n 's/^Model name: *//p' | sort -u | paste -sd/) on $source,
$(on "$target" lscpu | sed -n 's/^Model name: *//p' | sort -u | paste -sd/) on $target)"
else
    fail model "$source: '$a', $target: '$b'"
fi

begin boot "an aarch64 guest with a port on $source"
cloud openstack server delete --wait "$guest" >/dev/null 2>&1
# The test guest boots its kernel and initramfs directly (kernel_id, ramdisk_id: Glance images of disk_format aki and
# ari). A live migration without shared storage fetches them again on the destination (pre_live_migration), and
# Debian 12's nova (26.2.2, with the image format inspector of CVE-2024-32498's fix) refuses an aki or ari image
# there: its inspector keeps the format "aki", qemu-img says "raw", "Image content does not match disk_format"
# (nova-compute.log of the destination). The guest is booted from a copy whose kernel and initramfs are raw images,
# which pass that check: the same files and properties.
image=migrate-guest-aarch64
cloud python3 - "$image" > "$logs/image.log" 2>&1 <<'PYTHON' || fail boot "cannot copy the aarch64 image: $(tail -3 "$logs/image.log")"
import json, subprocess, sys, tempfile
copy = sys.argv[1]
def openstack(*args):
    return subprocess.run(['openstack'] + list(args), check=True, capture_output=True, text=True).stdout
if json.loads(openstack('image', 'list', '--name', copy, '-f', 'json')):
    sys.exit(0)
source = json.loads(openstack('image', 'show', 'multiarch-guest-aarch64', '-f', 'json'))
props = source['properties']
skip = ('kernel_id', 'ramdisk_id', 'os_hash_algo', 'os_hash_value', 'os_hidden', 'stores')
keep = ['--property=%s=%s' % (k, v) for k, v in props.items() if k not in skip and not k.startswith('owner_specified')]
ids = {}
with tempfile.TemporaryDirectory() as work:
    for part in ('kernel', 'ramdisk'):
        path = '%s/%s' % (work, part)
        openstack('image', 'save', '--file', path, props[part + '_id'])
        ids[part] = json.loads(openstack('image', 'create', '--disk-format', 'raw', '--container-format', 'bare',
                                         '--file', path, '--property=architecture=aarch64', '-f', 'json',
                                         '%s-%s' % (copy, part)))['id']
    path = work + '/disk'
    openstack('image', 'save', '--file', path, source['id'])
    openstack('image', 'create', '--disk-format', 'raw', '--container-format', 'bare', '--file', path,
              '--property=kernel_id=' + ids['kernel'], '--property=ramdisk_id=' + ids['ramdisk'], *keep, copy)
PYTHON
cloud_sh "openstack network show $net >/dev/null 2>&1 || openstack network create $net >/dev/null" &&
    cloud_sh "openstack subnet show $net-subnet >/dev/null 2>&1 || openstack subnet create --network $net --subnet-range $cidr $net-subnet >/dev/null"
if ! cloud openstack --os-compute-api-version 2.74 server create --image "$image" --flavor m1.multiarch \
        --network "$net" --host "$source" --wait "$guest" > "$logs/boot.log" 2>&1; then
    fail boot "server create failed: $(tail -3 "$logs/boot.log")"
else
    id=$(server_field id)
    if uuid_line=$(console_line 'multiarch-guest: metadata uuid' 1200) && [ "${uuid_line##* }" = "$id" ]; then
        pass boot "ACTIVE on $(server_field OS-EXT-SRV-ATTR:host), $(console_line 'multiarch-guest: address' 5)"
    else
        fail boot "the guest's console has no metadata answer with its UUID $id: ${uuid_line:-none in 1200 s}"
    fi
fi

begin live "live migration of the guest from $source to $target"
if cloud openstack --os-compute-api-version 2.30 server migrate --live-migration --block-migration --host "$target" \
        "$guest" > "$logs/live.log" 2>&1; then
    status=$(settle 1800) host=$(server_field OS-EXT-SRV-ATTR:host)
    record=$(cloud openstack --os-compute-api-version 2.59 server migration list --server "$guest" -f value \
             -c 'Source Compute' -c 'Dest Compute' -c Status -c Type -c 'Created At' -c 'Updated At' | head -n1)
    again=$(metadata_again)
    if [ "$status" = ACTIVE ] && [ "$host" = "$target" ] && [ "$again" = "$id" ] \
        && [[ $record == "$source $target completed live-migration "* ]]; then
        pass live "ACTIVE on $host; migration record: $record; after it the guest read its UUID from the metadata service"
    else
        fail live "status $status, host $host, migration record: $record, metadata after it: ${again:-no answer}"
    fi
else
    fail live "nova did not take the request: $(tail -3 "$logs/live.log")"
fi

begin refused "live migration of the aarch64 guest to $other_arch (x86_64)"
cloud openstack --os-compute-api-version 2.30 server migrate --live-migration --block-migration --host "$other_arch" \
    "$guest" > "$logs/refused.log" 2>&1
said=$(tail -3 "$logs/refused.log")
status=$(settle 600) host=$(server_field OS-EXT-SRV-ATTR:host)
record=$(cloud openstack --os-compute-api-version 2.59 server migration list --server "$guest" -f value \
         -c 'Dest Compute' -c Status | head -n1)
event=$(cloud openstack server event list "$guest" -f value -c Action | head -n1)
if [ "$host" = "$target" ] && [ "$status" = ACTIVE ] && { [[ $said == *"No valid host"* ]] || [[ $record == *error* ]]; }; then
    pass refused "the guest stays ACTIVE on $host; nova said: ${said:-(accepted the request)}; migration record: $record; last action: $event"
else
    fail refused "status $status on $host; nova said: $said; migration record: $record"
fi

begin retire "retire_compute retires $target with the guest on it"
if ! ansible-playbook -i "$inventory" multiarch.openstack.retire_compute -e "{\"compute_retire_hosts\": [\"$target\"]}" \
        > "$logs/retire.log" 2>&1; then
    fail retire "retire_compute failed: $(grep -m1 -A3 'fatal:\|FAILED!' "$logs/retire.log")"
else
    host=$(server_field OS-EXT-SRV-ATTR:host) status=$(server_field status) again=$(metadata_again)
    services=$(cloud openstack compute service list --service nova-compute --host "$target" -f value -c ID | wc -l)
    if [ "$host" = "$source" ] && [ "$status" = ACTIVE ] && [ "$again" = "$id" ] && [ "$services" = 0 ]; then
        pass retire "the guest ACTIVE on $host, read its UUID again; $target has no nova-compute service left"
    else
        fail retire "guest $status on $host, metadata: ${again:-no answer}; nova-compute services of $target: $services"
    fi
fi
cloud openstack server delete --wait "$guest" >/dev/null 2>&1
cloud_sh "openstack subnet delete $net-subnet; openstack network delete $net" >/dev/null 2>&1
cloud openstack image delete "$image" "$image-kernel" "$image-ramdisk" >/dev/null 2>&1

if [ "$failed" -ne 0 ]; then say "some step failed; logs: $logs"; exit 1; fi
say "every step passed; logs: $logs"
