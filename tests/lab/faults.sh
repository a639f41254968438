#!/usr/bin/env bash
# Faults an operator meets, tried on the default lab's converged cloud (`make demo` first; `make faults`
# runs this). Each case prints PASS or FAIL with what it saw; the script exits 1 when any case failed.
#
#   check        site --check --diff on the converged cloud: exit 0, changed=0 on every host; and with the
#                deployment's CA moved aside (a cloud of an earlier version): exit 0, nothing written, changes
#                only for the CA on localhost and one task per compute host, no private key in the output
#   no-image     an operator's image catalog without the aarch64 and ppc64le images: site stops right
#                after arch_facts, naming the architecture, before any host changes
#   unreachable  the controller's sshd killed (its listener and every session) while site deploys the
#                control plane: site fails for that host; after lab_up brings sshd back, site converges
#   sigkill      site killed with SIGKILL (the whole process group) in the compute play: a re-run converges
#   restart      configuration files newer than their daemons (as a run stopped between writing them and the
#                restart leaves them): nova-compute's on an emulated host, glance-api's, nova.conf, neutron.conf,
#                MariaDB's, RabbitMQ's and memcached's on the controller; site restarts each daemon; a second site changes nothing and
#                restarts nothing
#   killed       an operator's new nova option and neutron option (nova_control_conf_overrides,
#                neutron_conf_overrides), site killed with SIGKILL right after nova.conf was written, before the
#                restart: nova-api still answers the old value; the re-run (which writes nothing new to nova.conf)
#                restarts it, and is killed in turn right after neutron.conf was written; the third run restarts
#                neutron. Each API then answers the new value; a run without the overrides puts both back
#   tags         site --tags T for each tag an operator uses (install, db, config, register, service) on the
#                converged cloud: exit 0 and changed=0 on every host
#   rotate       every secret in the passwords file replaced: site applies each to its service's user as
#                well as its configuration, and a guest of every architecture still boots with a port
#   validate     multiarch.openstack.validate boots a guest of every architecture with a port, on the cloud
#                the cases above left
#
# Usage: faults.sh [CASE...]   (default: every case, in the order above)
# Needs ansible-playbook on PATH with the collection installed (ANSIBLE_COLLECTIONS_PATH), as make faults sets.
set -uo pipefail

inventory=${LAB_INVENTORY:-/var/lib/multiarch-openstack/lab/inventory.yml}
lab_dir=$(dirname "$inventory")
controller=${FAULTS_CONTROLLER:-ctl-x86}
compute=${FAULTS_COMPUTE:-cmp-arm}
passwords=${FAULTS_PASSWORDS:-$HOME/.config/multiarch-openstack/passwords.yml}
logs=${FAULTS_LOGS:-$(mktemp -d /tmp/multiarch-faults.XXXXXX)}
# private: the rotate case keeps the old secrets file here
mkdir -p "$logs" && chmod 0700 "$logs"
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(check tags no-image unreachable sigkill restart killed rotate validate)
failed=0

say() { printf '%s faults: %s\n' "$(date +%T)" "$*"; }
pass() { say "PASS $1: $2"; }
fail() { say "FAIL $1: $2"; failed=1; }

# changed=N of every host in the last PLAY RECAP of a log, as "host=N" lines
recap_changed() {
    awk '/^PLAY RECAP/ {delete c; inrecap=1; next}
         inrecap && /: ok=/ {for (i = 1; i <= NF; i++) if ($i ~ /^changed=/) {split($i, a, "="); c[$1] = a[2]}}
         inrecap && /^$/ {inrecap=0}
         END {for (h in c) print h "=" c[h]}' "$1" | sort
}

site() {  # <log> [ansible-playbook arguments...]
    local log=$1; shift
    ansible-playbook -i "$inventory" multiarch.openstack.site "$@" >"$log" 2>&1
}

wait_for_line() {  # <log> <fixed string> <seconds> <pid>: 0 when the string appeared while pid runs
    local end=$(( $(date +%s) + $3 ))
    while [ "$(date +%s)" -lt "$end" ]; do
        grep -qF -- "$2" "$1" && return 0
        kill -0 "$4" 2>/dev/null || return 1
        sleep 2
    done
    return 1
}

# start site in the background, in a process group of its own (setsid) and as a child of this shell (so
# that the caller can wait for it: call this directly, never in $(...)); sets site_pid. Returns 0 once the
# log shows <fixed string>; otherwise kills site's group and returns 1.
site_until() {  # <log> <fixed string> <seconds> [ansible-playbook arguments...]
    setsid ansible-playbook -i "$inventory" multiarch.openstack.site "${@:4}" >"$1" 2>&1 &
    site_pid=$!
    wait_for_line "$1" "$2" "$3" "$site_pid" && return 0
    kill -KILL -- "-$site_pid" 2>/dev/null
    wait "$site_pid" 2>/dev/null
    return 1
}

case_check() {
    local log=$logs/check.log
    if ! site "$log" --check --diff; then
        fail check "site --check --diff exited non-zero (log $log): $(grep -m3 -E 'fatal:|ERROR' "$log" | tr '\n' ' ')"
        return
    fi
    local changed
    changed=$(recap_changed "$log" | grep -v '=0$' || true)
    if [ -n "$changed" ]; then
        fail check "hosts reported changes in check mode: $(echo "$changed" | tr '\n' ' ') (log $log)"
        return
    fi
    pass check "exit 0, changed=0 on $(recap_changed "$log" | tr '\n' ' ')"
    # a cloud deployed by a version without the pki role (no CA beside the secrets yet): check mode reports the CA,
    # the certificates and their installation as changes (a compute host: that one task), writes nothing, fails not
    local pki aside
    pki=$(dirname "$passwords")/pki aside=$(dirname "$passwords")/pki.faults-aside
    log=$logs/check-no-pki.log
    mv "$pki" "$aside" || { fail check "could not move $pki aside"; return; }
    site "$log" --check --diff
    local rc=$?
    local written=no
    [ -e "$pki" ] && written=yes && rm -rf "$pki"
    mv "$aside" "$pki"
    if [ "$rc" -ne 0 ] || [ "$written" = yes ]; then
        fail check "without a CA: site --check --diff exited $rc, wrote $pki: $written (log $log): $(grep -m3 -E 'fatal:|ERROR' "$log" | tr '\n' ' ')"
        return
    fi
    changed=$(recap_changed "$log" | grep -v -e '=0$' -e '^localhost=' -e '=1$' || true)
    if [ -n "$changed" ] || ! recap_changed "$log" | grep -q '^localhost=[1-9]' || grep -q 'PRIVATE KEY' "$log"; then
        fail check "without a CA: changes beyond the CA and the certificates, or a key in the log: $(recap_changed "$log" | tr '\n' ' ') (log $log)"
        return
    fi
    pass check "without a CA: exit 0, nothing written, changed: $(recap_changed "$log" | tr "\n" " ")"
}

case_tags() {
    local tag log changed seen=()
    for tag in install db config register service; do
        log=$logs/tags-$tag.log
        if ! site "$log" --tags "$tag"; then
            fail tags "site --tags $tag failed (log $log): $(grep -m3 -E 'fatal:|ERROR' "$log" | tr '\n' ' ')"
            return
        fi
        changed=$(recap_changed "$log" | grep -v '=0$' || true)
        if [ -n "$changed" ]; then
            fail tags "site --tags $tag changed the converged cloud: $(echo "$changed" | tr '\n' ' ') (log $log)"
            return
        fi
        seen+=("$tag: $(grep -c '^TASK \[' "$log") tasks")
    done
    pass tags "each ran alone and changed nothing ($(printf '%s; ' "${seen[@]}"))"
}

case_no_image() {
    local log=$logs/no-image.log catalog=$logs/catalog.yml
    cat >"$catalog" <<'EOF'
openstack_image_catalog:
  - name: operator-image-x86_64
    architecture: x86_64
    url: https://images.example.org/x86_64/disk.img
    checksum: "sha256:0000000000000000000000000000000000000000000000000000000000000000"
EOF
    if site "$log" -e "@$catalog"; then
        fail no-image "site accepted a catalog without aarch64 and ppc64le images (log $log)"
        return
    fi
    if ! grep -q 'no image in catalog for aarch64' "$log"; then
        fail no-image "the failure does not name aarch64: $(grep -m3 -E 'fatal:|ERROR' "$log" | tr '\n' ' ') (log $log)"
        return
    fi
    if grep -qF 'PLAY [Prerequisites on every host]' "$log"; then
        fail no-image "site went on past the catalog check (log $log)"
        return
    fi
    pass no-image "stopped after arch_facts: $(grep -m1 -o 'no image in catalog for [^;]*' "$log")"
}

case_unreachable() {
    local log=$logs/unreachable.log rerun=$logs/unreachable-rerun.log ns sshd_pids
    if ! site_until "$log" 'TASK [multiarch.openstack.keystone' 1800; then
        fail unreachable "site never reached keystone's tasks (log $log)"
        return
    fi
    ns=mlab-$controller
    sshd_pids=$(for p in $(ip netns pids "$ns"); do [ "$(cat /proc/"$p"/comm 2>/dev/null)" = sshd ] && echo "$p"; done)
    say "killing the sshd processes of $controller: ${sshd_pids//$'\n'/ }"
    # shellcheck disable=SC2086  # a list of pids
    kill -KILL $sshd_pids
    wait "$site_pid"
    local rc=$?
    if [ "$rc" -eq 0 ]; then
        fail unreachable "site passed with its controller unreachable (log $log)"
        return
    fi
    if ! grep -qE "(fatal|failed): \[$controller\].*UNREACHABLE" "$log"; then
        fail unreachable "site failed (exit $rc) but not with $controller unreachable (log $log)"
        return
    fi
    say "site failed with exit $rc, $controller UNREACHABLE; lab_up brings its sshd back"
    if ! ansible-playbook multiarch.openstack.lab_up >"$logs/unreachable-lab-up.log" 2>&1; then
        fail unreachable "lab_up failed (log $logs/unreachable-lab-up.log)"
        return
    fi
    if ! site "$rerun"; then
        fail unreachable "the re-run failed (log $rerun): $(grep -m3 -E 'fatal:|ERROR' "$rerun" | tr '\n' ' ')"
        return
    fi
    pass unreachable "exit $rc with $controller unreachable; the re-run converged (changed: $(recap_changed "$rerun" | tr '\n' ' '))"
}

case_validate() {
    local log=$logs/validate.log
    if ansible-playbook -i "$inventory" multiarch.openstack.validate >"$log" 2>&1; then
        pass validate "a guest of every architecture booted: $(grep -A6 'The guests, by architecture' "$log" \
            | grep -E '^ +"(aarch64|ppc64le|x86_64|s390x) ' | tr -s ' ' | tr '\n' ' ')"
    else
        fail validate "validate failed (log $log): $(grep -m3 -E 'fatal:|ERROR' "$log" | tr '\n' ' ')"
    fi
}

case_sigkill() {
    local log=$logs/sigkill.log rerun=$logs/sigkill-rerun.log
    # the task right before nova-compute.conf is written (an include_role, which prints no banner of its own)
    if ! site_until "$log" 'TASK [multiarch.openstack.nova_compute : Add nova to the libvirt group' 2400; then
        fail sigkill "site never reached the compute play's configuration (log $log)"
        return
    fi
    say "SIGKILL to site's process group ($site_pid) at: $(grep -F 'TASK [' "$log" | tail -1)"
    kill -KILL -- "-$site_pid"
    wait "$site_pid" 2>/dev/null
    if ! site "$rerun"; then
        fail sigkill "the re-run failed (log $rerun): $(grep -m3 -E 'fatal:|ERROR' "$rerun" | tr '\n' ' ')"
        return
    fi
    pass sigkill "the re-run converged (changed: $(recap_changed "$rerun" | tr '\n' ' '))"
}

on_host() {  # <host> <command...>: its standard output
    local host=$1; shift
    ansible -i "$inventory" "$host" -o -m ansible.builtin.command -a "$*" 2>/dev/null | sed -n 's/^[^|]*| [A-Z]* | rc=0 | (stdout) //p'
}

# host, a file the role writes, the pid file of a daemon that reads it: what the restart case touches and watches
restart_targets=(
    "$compute /etc/nova/nova-compute.conf /run/nova/nova-compute.pid"
    "$controller /etc/glance/glance-api.conf /run/glance/glance-api.pid"
    "$controller /etc/nova/nova.conf /run/nova/nova-conductor.pid"
    "$controller /etc/neutron/neutron.conf /run/neutron/neutron-server.pid"
    "$controller /etc/neutron/neutron.conf /run/neutron/neutron-dhcp-agent.pid"
    "$controller /etc/mysql/mariadb.conf.d/99-openstack.cnf /run/mysqld/mysqld.pid"
    "$controller /etc/rabbitmq/rabbitmq.conf /run/rabbitmq/pid"
    "$controller /etc/memcached.conf /run/memcached.pid"
)

# The admin project's default quotas as the APIs answer them: "<instances (nova-api)> <networks (neutron-api)>"
default_quotas() {
    local script
    # shellcheck disable=SC2016  # expanded by the controller's shell
    script='. /root/admin-openrc && t=$(openstack token issue -f value -c id) && p=$(openstack token issue -f value -c project_id)
nova=$(openstack endpoint list --service compute --interface public -f value -c URL)
neutron=$(openstack endpoint list --service network --interface public -f value -c URL)
i=$(curl -sf -H "X-Auth-Token: $t" "${nova%/}/os-quota-sets/$p/defaults" | python3 -c "import json, sys; print(json.load(sys.stdin)[\"quota_set\"][\"instances\"])")
n=$(curl -sf -H "X-Auth-Token: $t" "${neutron%/}/v2.0/quotas/$p/default" | python3 -c "import json, sys; print(json.load(sys.stdin)[\"quota\"][\"network\"])")
echo "$i $n"'
    ansible -i "$inventory" "$controller" -o -m ansible.builtin.shell -a "$script" 2>/dev/null \
        | sed -n 's/^[^|]*| [A-Z]* | rc=0 | (stdout) //p'
}

case_killed() {
    local overrides='{"nova_control_conf_overrides": {"quota": {"instances": 41}}, "neutron_conf_overrides": {"quotas": {"quota_network": 29}}}'
    local before quotas
    before=$(default_quotas)
    [ -n "$before" ] || { fail killed "cannot read the default quotas from the APIs"; return; }
    # 1: killed once nova.conf was written (the next task started), before the Nova control services restart
    if ! site_until "$logs/killed-1.log" 'TASK [multiarch.openstack.common : Set the uwsgi options of the Nova control services' 2400 \
            -e "$overrides"; then
        fail killed "site never wrote nova.conf (log $logs/killed-1.log)"; return
    fi
    kill -KILL -- "-$site_pid"; wait "$site_pid" 2>/dev/null
    # (on_host joins its words: a pattern without spaces)
    on_host "$controller" grep -x 'instances.=.41' /etc/nova/nova.conf | grep -q . \
        || { fail killed "nova.conf does not have the new option after the first run (log $logs/killed-1.log)"; return; }
    quotas=$(default_quotas)
    [ "${quotas%% *}" != 41 ] || { fail killed "nova-api answered the new value before any restart: the fault was not injected"; return; }
    say "killed after nova.conf was written: the APIs answer '$quotas' (before: '$before')"
    # 2: its re-run writes nothing new to nova.conf; killed once neutron.conf was written
    if ! site_until "$logs/killed-2.log" 'TASK [multiarch.openstack.common : Set the uwsgi options of the Neutron server' 2400 \
            -e "$overrides"; then
        fail killed "the re-run never wrote neutron.conf (log $logs/killed-2.log)"; return
    fi
    kill -KILL -- "-$site_pid"; wait "$site_pid" 2>/dev/null
    quotas=$(default_quotas)
    if [ "${quotas%% *}" != 41 ] || [ "${quotas##* }" = 29 ]; then
        fail killed "after the re-run, the APIs answer '$quotas': want 41 from nova-api (restarted for a file newer than it) and not yet 29 from neutron-api (logs $logs/killed-2.log)"
        return
    fi
    say "re-run killed after neutron.conf was written: the APIs answer '$quotas'"
    # 3: a whole run restarts the Neutron server too
    site "$logs/killed-3.log" -e "$overrides" || { fail killed "the third run failed (log $logs/killed-3.log)"; return; }
    quotas=$(default_quotas)
    [ "$quotas" = "41 29" ] || { fail killed "after the third run the APIs answer '$quotas', not '41 29' (log $logs/killed-3.log)"; return; }
    # 4: without the overrides, both options leave the files and the services answer their defaults again
    site "$logs/killed-4.log" || { fail killed "the run without the overrides failed (log $logs/killed-4.log)"; return; }
    [ "$(default_quotas)" = "$before" ] || { fail killed "without the overrides the APIs answer '$(default_quotas)', not '$before'"; return; }
    pass killed "a kill between writing a file and restarting its daemon, twice: the next run restarted it (41 29), and a run without the overrides gave back '$before'"
}

case_restart() {
    local log=$logs/restart.log again=$logs/restart-again.log target host file pidfile i
    local -a before=() after=() changed_daemons=()
    for i in "${!restart_targets[@]}"; do
        read -r host file pidfile <<<"${restart_targets[$i]}"
        before[i]=$(on_host "$host" cat "$pidfile")
        [ -n "${before[i]}" ] || { fail restart "no pid in $pidfile on $host"; return; }
    done
    # what a run stopped after writing a configuration and before the restart leaves: a file newer than the daemon
    for target in "${restart_targets[@]}"; do
        read -r host file pidfile <<<"$target"
        on_host "$host" touch "$file" >/dev/null
    done
    say "touched: $(printf '%s; ' "${restart_targets[@]}")"
    if ! site "$log"; then
        fail restart "site failed (log $log): $(grep -m3 -E 'fatal:|ERROR' "$log" | tr '\n' ' ')"
        return
    fi
    for i in "${!restart_targets[@]}"; do
        read -r host file pidfile <<<"${restart_targets[$i]}"
        after[i]=$(on_host "$host" cat "$pidfile")
        if [ -z "${after[i]}" ] || [ "${after[i]}" = "${before[i]}" ]; then
            fail restart "site did not restart the daemon of $pidfile on $host (pid ${before[i]}, then '${after[i]}'; log $log)"
            return
        fi
        changed_daemons+=("$host $(basename "$pidfile" .pid) ${before[i]}->${after[i]}")
    done
    if ! site "$again"; then
        fail restart "the second site failed (log $again): $(grep -m3 -E 'fatal:|ERROR' "$again" | tr '\n' ' ')"
        return
    fi
    local changed
    changed=$(recap_changed "$again" | grep -v '=0$' || true)
    for i in "${!restart_targets[@]}"; do
        read -r host file pidfile <<<"${restart_targets[$i]}"
        if [ "$(on_host "$host" cat "$pidfile")" != "${after[i]}" ]; then
            fail restart "the second site restarted the daemon of $pidfile on $host again (log $again)"
            return
        fi
    done
    if [ -n "$changed" ]; then
        fail restart "the second site was not quiet: $(echo "$changed" | tr '\n' ' ') (log $again)"
        return
    fi
    pass restart "restarted: $(printf '%s; ' "${changed_daemons[@]}")the second site changed and restarted nothing"
}

case_rotate() {
    local log=$logs/rotate.log vlog=$logs/rotate-validate.log py
    [ -f "$passwords" ] || { fail rotate "no passwords file at $passwords (FAULTS_PASSWORDS)"; return; }
    # the Python that runs Ansible has PyYAML; the old file is kept beside the logs (a directory of mode 0700)
    py=$(head -1 "$(command -v ansible-playbook)" | sed 's/^#!//')
    cp -p "$passwords" "$logs/passwords.before-rotate.yml"
    if ! "$py" - "$passwords" <<'PY'
import secrets, string, sys, yaml
path = sys.argv[1]
with open(path) as f:
    data = yaml.safe_load(f)
alphabet = string.ascii_letters + string.digits
old = data['openstack_passwords']
data['openstack_passwords'] = {k: ''.join(secrets.choice(alphabet) for _ in range(32)) for k in old}
with open(path, 'w') as f:
    f.write('# rotated by tests/lab/faults.sh\n')
    yaml.safe_dump(data, f, default_flow_style=False)
PY
    then
        fail rotate "could not rewrite $passwords"
        return
    fi
    say "rotated $(grep -c '^  ' "$passwords") secrets in $passwords (the old file: $logs/passwords.before-rotate.yml)"
    if ! site "$log"; then
        fail rotate "site failed after the rotation (log $log): $(grep -m3 -E 'fatal:|ERROR' "$log" | tr '\n' ' ')"
        return
    fi
    if ! ansible-playbook -i "$inventory" multiarch.openstack.validate >"$vlog" 2>&1; then
        fail rotate "validate failed after the rotation (log $vlog): $(grep -m3 -E 'fatal:|ERROR' "$vlog" | tr '\n' ' ')"
        return
    fi
    pass rotate "site applied the new secrets (changed: $(recap_changed "$log" | tr '\n' ' ')) and validate passed"
}

[ -f "$inventory" ] || { echo "no lab inventory at $inventory: run make demo first" >&2; exit 2; }
[ -d "$lab_dir" ] || exit 2
say "logs in $logs"
for c in "${cases[@]}"; do
    start=$(date +%s)
    case $c in
        check) case_check ;;
        no-image) case_no_image ;;
        unreachable) case_unreachable ;;
        sigkill) case_sigkill ;;
        restart) case_restart ;;
        killed) case_killed ;;
        tags) case_tags ;;
        rotate) case_rotate ;;
        validate) case_validate ;;
        *) echo "unknown case $c" >&2; exit 2 ;;
    esac
    say "$c took $(( $(date +%s) - start )) s"
done

exit $failed
