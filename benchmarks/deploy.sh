#!/usr/bin/env bash
# Benchmark of a whole deploy (prints figures; not a test), on a lab of its own (hosts bx-*):
#   - lab-up (cold with --cold: userland cache emptied first), then multiarch.openstack.site (first
#     converge), then multiarch.openstack.validate: its table gives seconds to ACTIVE per architecture
#   - the second converge: wall time and the number of changed tasks
#   - the same package installs and db syncs by a plain shell script (benchmarks/raw-deploy.sh) on
#     a fresh lab of the same hosts, and the ratio first converge / raw
# Usage: benchmarks/deploy.sh [--cold]   (run from the repository, after `make venvs tree`; 45 min here)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/.build
venv=$root/.venv/core219
export ANSIBLE_COLLECTIONS_PATH=$build
state=/var/lib/multiarch-openstack/bench-deploy
secrets=/var/lib/multiarch-openstack/bench-deploy-secrets
cache=/var/cache/multiarch-openstack/lab
hosts_file=$(mktemp)
trap 'rm -f "$hosts_file"' EXIT
cat > "$hosts_file" <<HOSTS
lab_state_dir: $state
lab_bridge: mlabd0
lab_network: 10.254.9.0/24
lab_hosts:
  - {name: bx-ctl, arch: x86_64, groups: [controllers, computes], vars: {nova_compute_emulated_architectures: [aarch64, ppc64le]}}
  - {name: bx-arm, arch: aarch64, cpuinfo: kunpeng920, groups: [computes]}
  - {name: bx-ppc, arch: ppc64le, cpuinfo: power9-pseries, groups: [computes]}
HOSTS
cd "$build/ansible_collections/multiarch/openstack"
play() { "$venv/bin/ansible-playbook" "$@"; }
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
changed() { awk '/ changed=/ { for (i = 1; i <= NF; i++) if ($i ~ /^changed=/) { split($i, c, "="); n += c[2] } } END { print n + 0 }' "$1"; }

play playbooks/lab_down.yml -e "@$hosts_file" >/dev/null
rm -rf "$secrets"
[ "${1:-}" = --cold ] && rm -f "$cache"/debian-*.tar
log=$(mktemp -d)
t=$(date +%s.%N); play playbooks/lab_up.yml -e "@$hosts_file" > "$log/lab" 2>&1
lab=$(seconds_since "$t")
inventory=(-i "$state/inventory.yml" -e "passwords_file=$secrets/passwords.yml")
t=$(date +%s.%N); play "${inventory[@]}" playbooks/site.yml > "$log/site1" 2>&1
first=$(seconds_since "$t")
t=$(date +%s.%N); play "${inventory[@]}" playbooks/validate.yml > "$log/validate" 2>&1
validate=$(seconds_since "$t")
t=$(date +%s.%N); play "${inventory[@]}" playbooks/site.yml > "$log/site2" 2>&1
second=$(seconds_since "$t")
play playbooks/lab_down.yml -e "@$hosts_file" >/dev/null
play playbooks/lab_up.yml -e "@$hosts_file" >/dev/null
"$root/benchmarks/raw-deploy.sh" "$state/ssh_config" bx-ctl aarch64,ppc64le bx-ctl bx-arm bx-ppc > "$log/raw" 2>&1
raw=$(sed -n 's/^raw total: \(.*\) s$/\1/p' "$log/raw")

printf 'lab-up (%s):                      %7.1f s\n' "${1:---warm}" "$lab"
printf 'first converge (site):                  %7.1f s   changed=%s\n' "$first" "$(changed "$log/site1")"
printf 'validate (boot, check, delete):         %7.1f s\n' "$validate"
printf 'second converge (site):                 %7.1f s   changed=%s\n' "$second" "$(changed "$log/site2")"
printf 'lab-up + first converge:                 %7.1f s   (+ seconds to ACTIVE below)\n' "$(awk -v a="$lab" -v b="$first" 'BEGIN { print a + b }')"
printf 'raw shell (same installs and db syncs):  %7.1f s\n' "$raw"
printf 'ratio first converge / raw:              %7.2f\n' "$(awk -v a="$first" -v b="$raw" 'BEGIN { print a / b }')"
sed 's/^/  raw: /' "$log/raw"
echo 'validate table:'
sed -n 's/^ *"\(arch .*\|x86_64 .*\|aarch64 .*\|ppc64le .*\|s390x .*\)",\{0,1\}$/  \1/p' "$log/validate"
echo "logs: $log"
play playbooks/lab_down.yml -e "@$hosts_file" >/dev/null
rm -rf "$secrets"
