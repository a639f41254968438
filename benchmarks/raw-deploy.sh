#!/usr/bin/env bash
# The baseline of benchmarks/deploy.sh (prints figures; not a test): the package installs and the
# database syncs that multiarch.openstack.site does, done by a plain shell script over ssh on fresh
# lab hosts, with nothing else (no configuration, no service checks, no API calls).
#   - controller: the control plane's packages (and the network agent's), MariaDB started, one database per service, every
#     db sync (keystone, glance, placement, nova api/cell0/cell1, neutron)
#   - then every compute host at once: the hypervisor packages of its architecture (and of the
#     architectures it emulates), nova-compute
# Usage: benchmarks/raw-deploy.sh SSH_CONFIG CONTROLLER EMULATED_ARCHES COMPUTE...
#   EMULATED_ARCHES: the controller's emulated architectures, comma-separated ("" for none)
# Prints the seconds of each step and the total on the last line ("raw total: N s").
set -euo pipefail
ssh_config=$1 controller=$2 emulated=$3
shift 3
computes=("$@")
cd "$(dirname "$0")/.."
venv=$PWD/.venv/core219
export ANSIBLE_COLLECTIONS_PATH=$PWD/.build

on() { local host=$1; shift; ssh -F "$ssh_config" -o BatchMode=yes "$host" "$@"; }
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
# the hypervisor packages of a host, from the collection's own filter (not restated here)
hypervisor_packages() {
    local arches=$1
    "$venv/bin/ansible" localhost -o -m ansible.builtin.debug \
        -a "msg={{ '$arches'.split(',') | select | map('multiarch.openstack.hypervisor_packages', 'Debian') | flatten | unique | join(' ') }}" \
        2>/dev/null | sed -n 's/.*"msg": "\(.*\)".*/\1/p'
}
apt_install() {
    local host=$1; shift
    on "$host" "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $* >/dev/null"
}

# the same debconf answers as the roles: the packages do not configure themselves
nova_debconf="nova-common nova/configure_db boolean false
nova-common novaapi/configure_db boolean false
nova-common nova/configure_rabbit boolean false
nova-common nova/configure_ksat boolean false
nova-common nova/configure_neutron boolean false
nova-common nova/configure_placement boolean false"
start=$(date +%s.%N)
on "$controller" 'debconf-set-selections' <<DEBCONF
$nova_debconf
glance-api glance/configure_db boolean false
glance-api glance/configure_api-endpoint boolean false
glance-api glance/configure_ksat boolean false
glance-api glance/configure_rabbit boolean false
placement-api placement/configure_db boolean false
placement-api placement/configure_api-endpoint boolean false
placement-api placement/configure_ksat boolean false
nova-api nova/configure_api-endpoint boolean false
neutron-common neutron/configure_db boolean false
neutron-common neutron/configure_rabbit boolean false
neutron-common neutron/configure_ksat boolean false
neutron-common neutron/configure_nova boolean false
neutron-api neutron/configure_api-endpoint boolean false
DEBCONF
on "$controller" 'apt-get update -q >/dev/null'
t=$(date +%s.%N)
apt_install "$controller" mariadb-server python3-pymysql rabbitmq-server python3-requests memcached \
    keystone python3-openstackclient glance-api placement-api nova-api nova-conductor nova-scheduler \
    neutron-api neutron-rpc-server neutron-linuxbridge-agent iptables ebtables ipset
echo "controller packages: $(seconds_since "$t") s"

t=$(date +%s.%N)
syncs_log=$(mktemp)
trap 'rm -f "$syncs_log"' EXIT
on "$controller" bash -s > "$syncs_log" 2>&1 <<'SYNC' || { tail -20 "$syncs_log" >&2; echo "db syncs failed on $controller" >&2; exit 1; }
set -euo pipefail
service mariadb start >/dev/null 2>&1 || service mariadb status >/dev/null
for _ in $(seq 60); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
for db in keystone glance placement nova_api nova_cell0 nova neutron; do
    mysql -e "CREATE DATABASE IF NOT EXISTS $db; GRANT ALL ON $db.* TO 'raw'@'localhost' IDENTIFIED BY 'raw'"
done
url() { echo "mysql+pymysql://raw:raw@localhost/$1"; }
conf() {
    local file=/etc/$1/raw.conf
    install -m 0640 -o root -g "$1" /dev/null "$file"
    shift
    printf '%s\n' "$@" > "$file"
}
conf keystone '[database]' "connection = $(url keystone)"
conf glance '[database]' "connection = $(url glance)"
conf placement '[placement_database]' "connection = $(url placement)"
conf nova '[database]' "connection = $(url nova)" '[api_database]' "connection = $(url nova_api)"
conf neutron '[database]' "connection = $(url neutron)"
runuser -u keystone -- keystone-manage --config-file /etc/keystone/keystone.conf --config-file /etc/keystone/raw.conf db_sync
runuser -u glance -- glance-manage --config-file /etc/glance/glance-api.conf --config-file /etc/glance/raw.conf db_sync >/dev/null 2>&1
runuser -u placement -- placement-manage --config-file /etc/placement/placement.conf --config-file /etc/placement/raw.conf db sync
nova=(--config-file /etc/nova/nova.conf --config-file /etc/nova/raw.conf)
runuser -u nova -- nova-manage "${nova[@]}" api_db sync
runuser -u nova -- nova-manage "${nova[@]}" cell_v2 map_cell0 --database_connection "$(url nova_cell0)"
runuser -u nova -- nova-manage "${nova[@]}" cell_v2 create_cell --name cell1 >/dev/null 2>&1 || true
runuser -u nova -- nova-manage "${nova[@]}" db sync
runuser -u neutron -- neutron-db-manage --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/raw.conf \
    upgrade heads >/dev/null 2>&1
SYNC
echo "controller db syncs: $(seconds_since "$t") s"

t=$(date +%s.%N)
pids=()
for host in "${computes[@]}"; do
    arches=$(on "$host" 'uname -m')
    if [ "$host" = "$controller" ] && [ -n "$emulated" ]; then arches="$arches,$emulated"; fi
    packages=$(hypervisor_packages "$arches")
    [ -n "$packages" ] || { echo "no hypervisor packages for $arches" >&2; exit 1; }
    (
        on "$host" 'debconf-set-selections' <<< "$nova_debconf"
        [ "$host" = "$controller" ] || on "$host" 'apt-get update -q >/dev/null'
        h=$(date +%s.%N)
        # shellcheck disable=SC2086
        apt_install "$host" $packages
        apt_install "$host" nova-compute
        echo "compute $host ($arches) packages: $(seconds_since "$h") s"
    ) &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
echo "compute hosts (at once): $(seconds_since "$t") s"
echo "raw total: $(seconds_since "$start") s"
