#!/usr/bin/env bash
# common's service_setup on this host, with a service that has only configuration files: each written whole
# from the settings and the overrides (null removes; a dropped override disappears), a second run changes
# nothing, a malformed override or a bad secret stops the run before any file changes, naming the variable,
# and no secret reaches a task result (log_plays writes every result, -vvv prints what it runs).
set -eux -o pipefail

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
secret='Sx7pQ2mZ9vL4kT8wR3nB'
# ansible-test's interpreter (its inventory's placeholder is not one)
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python3)}
conf=$work/demo.conf

run() {  # <log> <overrides as JSON> [more ansible-playbook arguments]: the playbook's exit status
    local log=$1 overrides=$2; shift 2
    ANSIBLE_CALLBACKS_ENABLED=community.general.log_plays ANSIBLE_LOG_FOLDER="$work/results" \
        ansible-playbook -vvv -i localhost, -c local -e ansible_python_interpreter="$python" "$work/play.yml" \
        -e "{\"demo_conf\": \"$conf\", \"demo_password\": \"$secret\", \"demo_conf_overrides\": $overrides}" "$@" >"$log" 2>&1
}

cat >"$work/play.yml" <<'PLAY'
- name: A service with only configuration files
  hosts: localhost
  gather_facts: false
  vars:
    demo_service:
      name: Demo
      secrets: {demo_password: openstack_passwords.demo}
      files:
        - path: "{{ demo_conf }}"
          group: root
          mode: "0600"
          settings:
            DEFAULT: {debug: false, workers: 2}
            database: {connection: "mysql+pymysql://demo:{{ demo_password }}@192.0.2.10/demo"}
            filter_scheduler: {enabled_filters: [ComputeFilter, ImagePropertiesFilter]}
          overrides: "{{ demo_conf_overrides }}"
          overrides_name: demo_conf_overrides
          notes: [a note for the operator, and a second one]
  tasks:
    - name: Set up Demo
      ansible.builtin.include_role:
        name: multiarch.openstack.common
        tasks_from: service_setup
      vars:
        common_openstack_service: "{{ demo_service }}"

    - name: Report whether a file changed
      ansible.builtin.debug:
        msg: "setup changed: {{ common_setup_changed }}"
PLAY

# settings and overrides: replaced, added, removed
run "$work/1.log" '{"DEFAULT": {"debug": true, "workers": null}, "quota": {"instances": 37}}' || { cat "$work/1.log"; exit 1; }
cat "$conf"
grep -qx '# Written by multiarch.openstack from its role.s settings and demo_conf_overrides.' "$conf"
grep -qx '# a note for the operator' "$conf"
grep -qx '# and a second one' "$conf"
grep -qx 'debug = true' "$conf"
grep -qx 'instances = 37' "$conf"
grep -qx 'enabled_filters = ComputeFilter,ImagePropertiesFilter' "$conf"
if grep -q '^workers' "$conf"; then exit 1; fi
[ "$(stat -c %a "$conf")" = 600 ]
grep -q 'setup changed: True' "$work/1.log"

# the same again: nothing changes
run "$work/2.log" '{"DEFAULT": {"debug": true, "workers": null}, "quota": {"instances": 37}}' || { cat "$work/2.log"; exit 1; }
grep -q 'setup changed: False' "$work/2.log"
grep -E 'localhost +: ok=[0-9]+ +changed=0 ' "$work/2.log"

# an override dropped from the inventory disappears from the file
run "$work/3.log" '{}' || { cat "$work/3.log"; exit 1; }
if grep -q 'instances' "$conf"; then exit 1; fi
if grep -q '^\[quota\]' "$conf"; then exit 1; fi
grep -qx 'debug = false' "$conf"
grep -qx 'workers = 2' "$conf"

# malformed overrides: refused by name, the file untouched
before=$(md5sum "$conf")
for bad in '{"DEFAULT": {"debug": "true\n[database]"}}' '{"DEFAULT": ["debug"]}' '{"DEF AULT": {"debug": true}}' '["debug"]'; do
    if run "$work/bad.log" "$bad"; then cat "$work/bad.log"; echo "accepted $bad"; exit 1; fi
    grep -q 'conf_merge: .*demo_conf_overrides' "$work/bad.log" || { cat "$work/bad.log"; exit 1; }
    [ "$(md5sum "$conf")" = "$before" ]
done

# a secret that is not one: refused by its variable's name, the file untouched
if ANSIBLE_CALLBACKS_ENABLED=community.general.log_plays ANSIBLE_LOG_FOLDER="$work/results" ansible-playbook -i localhost, -c local \
        -e ansible_python_interpreter="$python" "$work/play.yml" -e "{\"demo_conf\": \"$conf\", \"demo_password\": \"short\", \"demo_conf_overrides\": {}}" >"$work/short.log" 2>&1; then
    cat "$work/short.log"; echo "accepted a short secret"; exit 1
fi
grep -q 'demo_password must be the generated secret (openstack_passwords.demo)' "$work/short.log"
[ "$(md5sum "$conf")" = "$before" ]

# the secret is in the file, and in no output or task result of any run
grep -qF "$secret" "$conf"
ls "$work/results"
if grep -rlF "$secret" "$work"/*.log "$work/results"; then echo "the secret reached a log"; exit 1; fi
