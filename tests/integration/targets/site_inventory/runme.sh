#!/usr/bin/env bash
# multiarch.openstack.site refuses a bad inventory before any host is touched: the hosts below do not
# exist, so any play past the inventory check would fail on them with an unreachable host, not with
# the check's message.
set -eux -o pipefail

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

expect_refusal() {  # <inventory file> <text the failure must contain>
    local out="$work/out"
    if ansible-playbook -i "$1" multiarch.openstack.site >"$out" 2>&1; then
        cat "$out"; echo "site accepted the inventory $1"; exit 1
    fi
    cat "$out"
    grep -F -- "$2" "$out"
    # nothing but the check ran: no fact gathering, no host contacted
    grep -F 'PLAY [Check the inventory before any host is touched]' "$out"
    if grep -F -e 'PLAY [Find out what each host is]' -e 'UNREACHABLE' "$out"; then
        echo "site went past the inventory check"; exit 1
    fi
}

cat >"$work/no-controller.yml" <<'INV'
all:
  children:
    controllers: {}
    computes:
      hosts:
        cmp-a: {ansible_host: 192.0.2.11}
INV
expect_refusal "$work/no-controller.yml" 'group controllers has 0 hosts (none)'

cat >"$work/two-controllers.yml" <<'INV'
all:
  children:
    controllers:
      hosts:
        ctl-a: {ansible_host: 192.0.2.1}
        ctl-b: {ansible_host: 192.0.2.2}
INV
expect_refusal "$work/two-controllers.yml" 'group controllers has 2 hosts (ctl-a, ctl-b)'

cat >"$work/controller-no-address.yml" <<'INV'
all:
  children:
    controllers:
      hosts:
        ctl-a: {}
INV
expect_refusal "$work/controller-no-address.yml" 'whose ansible_host'

cat >"$work/compute-no-address.yml" <<'INV'
all:
  children:
    controllers:
      hosts:
        ctl-a: {ansible_host: 192.0.2.1}
    computes:
      hosts:
        cmp-a: {ansible_host: 192.0.2.11}
        cmp-b: {}
        cmp-c: {}
INV
expect_refusal "$work/compute-no-address.yml" 'compute hosts without ansible_host: cmp-b, cmp-c.'

# Past the inventory check: hosts are read (gather_facts, arch_facts) and a host that cannot be read stops
# the run before any host changes. The controller is this machine (a local connection: facts are only read).
expect_stop_after_reading() {  # <inventory file> <text the failure must contain> [ansible-playbook arguments...]
    local out="$work/out" inv=$1 text=$2
    shift 2
    if ansible-playbook -i "$inv" multiarch.openstack.site "$@" >"$out" 2>&1; then
        cat "$out"; echo "site accepted the inventory $inv"; exit 1
    fi
    cat "$out"
    grep -F -- "$text" "$out"
    grep -F 'PLAY [Find out what each host is]' "$out"
    if grep -F -e 'PLAY [Prerequisites on every host]' -e "PLAY [Generate the deployment's secrets" "$out"; then
        echo "site went past reading the hosts"; exit 1
    fi
}

cat >"$work/unreachable-compute.yml" <<INV
all:
  vars:
    ansible_ssh_common_args: -o ConnectTimeout=5 -o BatchMode=yes
  children:
    controllers:
      hosts:
        ctl-a: {ansible_host: 127.0.0.1, ansible_connection: local, ansible_python_interpreter: ${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python3)}}
    computes:
      hosts:
        cmp-a: {ansible_host: 192.0.2.11}
INV
expect_stop_after_reading "$work/unreachable-compute.yml" 'Unreachable or without facts: cmp-a. Not read (the failure above stopped them): ctl-a.'
# --limit: localhost must be in it (it keeps the secrets and registers the images); the hosts outside it are read
# all the same, and one that cannot be read stops the run
expect_stop_after_reading "$work/unreachable-compute.yml" 'leaves out localhost, where site checks the inventory' --limit ctl-a
expect_stop_after_reading "$work/unreachable-compute.yml" 'Unreachable or without facts: cmp-a.' --limit ctl-a,localhost

# A run that adds a compute host (the controller outside --limit) to a cloud whose secrets file is missing stops
# before any host changes: generated secrets would be ones no deployed service knows. Both hosts are this machine.
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python3)}
cat >"$work/local.yml" <<INV
all:
  children:
    controllers:
      hosts:
        ctl-a: {ansible_host: 127.0.0.1, ansible_connection: local, ansible_python_interpreter: $python}
    computes:
      hosts:
        cmp-a: {ansible_host: 127.0.0.1, ansible_connection: local, ansible_python_interpreter: $python}
INV
out="$work/out"
if ansible-playbook -i "$work/local.yml" multiarch.openstack.site --limit localhost,cmp-a \
        -e "passwords_file=$work/secrets/passwords.yml" >"$out" 2>&1; then
    cat "$out"; echo "site added a compute host to a cloud without secrets"; exit 1
fi
cat "$out"
grep -F "passwords_file $work/secrets/passwords.yml does not exist, and this run adds to a deployed cloud" "$out"
if grep -F 'PLAY [Prerequisites on every host]' "$out"; then
    echo "site changed hosts before refusing"; exit 1
fi
test ! -e "$work/secrets"

# The secrets are there but the cloud outside --limit does not answer (no Keystone at the controller's address):
# refused before any host changes, with the way out.
mkdir -p "$work/secrets2" && chmod 0700 "$work/secrets2"
{
    echo 'openstack_passwords:'
    for name in keystone_admin keystone_database rabbitmq_openstack glance_database glance_service placement_database \
            placement_service nova_database nova_service neutron_database neutron_service metadata_proxy_shared_secret; do
        echo "  $name: not-a-deployed-clouds-secret-$name"
    done
} > "$work/secrets2/passwords.yml"
chmod 0600 "$work/secrets2/passwords.yml"
sed 's/ctl-a: {ansible_host: 127.0.0.1,/ctl-a: {ansible_host: 192.0.2.1,/' "$work/local.yml" > "$work/no-cloud.yml"
if ansible-playbook -i "$work/no-cloud.yml" multiarch.openstack.site --limit localhost,cmp-a \
        -e "passwords_file=$work/secrets2/passwords.yml" >"$out" 2>&1; then
    cat "$out"; echo "site added a compute host to a cloud that does not answer"; exit 1
fi
cat "$out"
grep -F 'did not log in the admin user with passwords_file' "$out"
# nothing written on the Ansible controller either: no CA, no certificate
test ! -e "$work/secrets2/pki"
if grep -F -e 'PLAY [Prerequisites on every host]' -e 'not-a-deployed-clouds-secret' "$out"; then
    echo "site changed hosts before refusing, or printed a secret"; exit 1
fi
