#!/usr/bin/env bash
# Benchmark of the lab (prints figures; not a test):
#   - cold lab-up (userland cache emptied first: debootstrap of every architecture) when --cold is given
#   - warm lab-up (cache present, lab absent) and a second, no-op lab-up
#   - arch_facts wall time per host, per architecture, and emulated/native ratios
# Usage: benchmarks/lab.sh [--cold]      (run from the repository, after `make venvs tree`)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/.build
venv=$root/.venv/core219
export ANSIBLE_COLLECTIONS_PATH=$build
state=/var/lib/multiarch-openstack/bench-lab
cache=/var/cache/multiarch-openstack/lab
common=(-e "lab_state_dir=$state" -e lab_bridge=mlabb0 -e lab_network=10.254.2.0/24)
playbook() { (cd "$build/ansible_collections/multiarch/openstack" && "$venv/bin/ansible-playbook" "$@" >/dev/null 2>&1); }
seconds() { local s; s=$(date +%s.%N); "$@" >/dev/null; awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

playbook playbooks/lab_down.yml "${common[@]}"
if [ "${1:-}" = --cold ]; then
    rm -f "$cache"/debian-*.tar
    printf 'cold lab-up (debootstrap x86_64, aarch64, ppc64le):  %6.1f s\n' "$(seconds playbook playbooks/lab_up.yml "${common[@]}")"
    playbook playbooks/lab_down.yml "${common[@]}"
fi
printf 'warm lab-up (cached userlands, 3 hosts):              %6.1f s\n' "$(seconds playbook playbooks/lab_up.yml "${common[@]}")"
printf 'second lab-up (nothing to change):                    %6.1f s\n' "$(seconds playbook playbooks/lab_up.yml "${common[@]}")"

inventory=$state/inventory.yml
declare -A took
for host in ctl-x86 cmp-arm cmp-ppc; do
    # warm the SSH connection, then time the module alone
    "$venv/bin/ansible" -i "$inventory" "$host" -m ansible.builtin.ping >/dev/null
    took[$host]=$(seconds "$venv/bin/ansible" -i "$inventory" "$host" -m multiarch.openstack.arch_facts -a gather_libvirt=false)
done
printf 'arch_facts, ctl-x86 (x86_64, native):                 %6.2f s\n' "${took[ctl-x86]}"
printf 'arch_facts, cmp-arm (aarch64, qemu-user):             %6.2f s   ratio %.1fx\n' "${took[cmp-arm]}" "$(ratio "${took[cmp-arm]}" "${took[ctl-x86]}")"
printf 'arch_facts, cmp-ppc (ppc64le, qemu-user):             %6.2f s   ratio %.1fx\n' "${took[cmp-ppc]}" "$(ratio "${took[cmp-ppc]}" "${took[ctl-x86]}")"
playbook playbooks/lab_down.yml "${common[@]}"
"$root/tests/lab/check_clean.sh" "$state" mlabb0 10.254.2.0/24 ctl-x86 cmp-arm cmp-ppc >/dev/null
