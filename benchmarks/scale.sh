#!/usr/bin/env bash
# Scale benchmark (prints figures; not a test): what an added x86_64 compute host costs, on a lab of its own
# (hosts bs-*, native speed). One controller and eight compute hosts are in the inventory from the start; the cloud
# grows by `site --limit` (docs/day2.md), as an operator grows it:
#   step 1: site --limit localhost,bs-ctl,bs-c1          the control plane and 1 compute host
#   step 2: site --limit localhost,bs-c2,bs-c3,bs-c4     3 added: 4 compute hosts
#   step 3: site --limit localhost,bs-c5,...,bs-c8       4 added: 8 compute hosts
#   step 4: site (no limit)                              the whole cloud again: changed=0
# For each: the wall time of the run, of its compute-host plays (network agent + nova_compute, from the
# profile_tasks timestamps), the seconds per added host, and the memory (RSS) of each lab host's processes.
# Usage: benchmarks/scale.sh [forks]   (run from the repository, after `make venvs tree`; about 30 minutes here)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/.build
venv=$root/.venv/core219
forks=${1:-10}
export ANSIBLE_COLLECTIONS_PATH=$build ANSIBLE_CALLBACKS_ENABLED=ansible.posix.profile_tasks ANSIBLE_FORKS=$forks
state=/var/lib/multiarch-openstack/bench-scale
secrets=/var/lib/multiarch-openstack/bench-scale-secrets
hosts_file=$(mktemp)
log=$(mktemp -d)
trap 'rm -f "$hosts_file"' EXIT
{
    echo "lab_state_dir: $state"
    echo 'lab_bridge: mlabs0'
    echo 'lab_network: 10.254.10.0/24'
    echo 'lab_hosts:'
    echo '  - {name: bs-ctl, arch: x86_64, groups: [controllers]}'
    for n in 1 2 3 4 5 6 7 8; do echo "  - {name: bs-c$n, arch: x86_64, groups: [computes]}"; done
} > "$hosts_file"
cd "$build/ansible_collections/multiarch/openstack"
play() { "$venv/bin/ansible-playbook" "$@"; }
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
changed() { awk '/ changed=/ { for (i = 1; i <= NF; i++) if ($i ~ /^changed=/) { split($i, c, "="); n += c[2] } } END { print n + 0 }' "$1"; }
# seconds from the first task of the play that runs libvirt on the compute hosts (beside the control plane) to the
# first task of the play after the compute play: with the controller in the step, its control plane is in it too
# (profile_tasks prints the run's elapsed time, H:MM:SS.mmm, at the end of each task banner line)
compute_plays() {
    awk '
        function secs(t,  p) { split(t, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
        /^PLAY \[Control plane/ { want = "start" }
        /^PLAY \[Images, flavors/ { want = "end" }
        want != "" && / [0-9]+:[0-9][0-9]:[0-9][0-9]\.[0-9]+ \*+ *$/ {
            for (i = NF; i > 0; i--) if ($i ~ /^[0-9]+:[0-9][0-9]:[0-9][0-9]\.[0-9]+$/) { t = secs($i); break }
            if (want == "start") start = t; else end = t
            want = ""
        }
        END { if (start == "" || end == "") print "-"; else printf "%.1f", end - start }' "$1"
}
# MiB of resident memory of the processes whose root is each lab host's userland
memory() {
    local host
    for host in bs-ctl bs-c1 bs-c2 bs-c3 bs-c4 bs-c5 bs-c6 bs-c7 bs-c8; do
        local dir=$state/hosts/$host/root kib=0 proc rss
        [ -d "$dir" ] || continue
        for proc in /proc/[0-9]*; do
            [ "$(readlink "$proc/root" 2>/dev/null)" = "$dir" ] || continue
            rss=$(awk '/^VmRSS:/ { print $2 }' "$proc/status" 2>/dev/null || true)
            kib=$(( kib + ${rss:-0} ))
        done
        printf '%s=%d ' "$host" $(( kib / 1024 ))
    done
}

play playbooks/lab_down.yml -e "@$hosts_file" >/dev/null
rm -rf "$secrets"
t=$(date +%s.%N); play playbooks/lab_up.yml -e "@$hosts_file" > "$log/lab" 2>&1
printf 'lab-up (9 x86_64 hosts):  %.1f s\n' "$(seconds_since "$t")"
inventory=(-i "$state/inventory.yml" -e "passwords_file=$secrets/passwords.yml")

previous=0
step() {  # <name> <compute hosts after the step> [--limit ...]
    local name=$1 computes=$2
    shift 2
    t=$(date +%s.%N)
    play "${inventory[@]}" playbooks/site.yml "$@" > "$log/$name" 2>&1 || { tail -40 "$log/$name"; echo "step $name failed: $log/$name"; exit 1; }
    local wall plays added
    wall=$(seconds_since "$t")
    plays=$(compute_plays "$log/$name")
    added=$(( computes - previous ))
    printf '%-8s %2d compute hosts (%d added): site %7.1f s, compute plays %6s s' "$name" "$computes" "$added" "$wall" "$plays"
    # a step with the controller has its control plane in those plays: no cost per added host
    if [ "$added" -gt 0 ] && [ "$plays" != - ] && [[ " $* " != *bs-ctl* ]]; then
        printf ', %5.1f s per added host' "$(awk -v a="$plays" -v n="$added" 'BEGIN { print a / n }')"
    fi
    printf ', changed=%s\n' "$(changed "$log/$name")"
    echo "         memory MiB: $(memory)"
    previous=$computes
}
step step1 1 --limit localhost,bs-ctl,bs-c1
step step2 4 --limit localhost,bs-c2,bs-c3,bs-c4
step step3 8 --limit localhost,bs-c5,bs-c6,bs-c7,bs-c8
step step4 8
echo "forks: $forks; logs: $log"
play playbooks/lab_down.yml -e "@$hosts_file" >/dev/null
rm -rf "$secrets"
