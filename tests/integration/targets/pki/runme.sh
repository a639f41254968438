#!/usr/bin/env bash
# The pki role on this host: a CA and two hosts' certificates that openssl verifies, with their names and addresses
# and both TLS purposes; keys 0600 in a 0700 directory; a second run changes nothing; a changed address or a
# certificate about to expire is signed again (and only that one); a new CA signs every certificate again; bad
# input stops the run before any file is written, naming the certificate.
set -eux -o pipefail

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python3)}
pki=$work/secrets/pki

run() {  # <log> <pki_certs as JSON> [more ansible-playbook arguments]: the playbook's exit status
    local log=$1 certs=$2; shift 2
    ansible-playbook -i localhost, -c local -e ansible_python_interpreter="$python" "$work/play.yml" \
        -e "{\"pki_dir\": \"$pki\", \"pki_certs\": $certs}" "$@" >"$log" 2>&1
}
changed() { grep -E '^localhost +:' "$1" | sed 's/.*changed=\([0-9]*\).*/\1/'; }
fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256; }

cat >"$work/play.yml" <<'PLAY'
- name: The deployment's CA and the hosts' certificates
  hosts: localhost
  gather_facts: false
  roles:
    - role: multiarch.openstack.pki
PLAY

two='[{"name": "cmp-a", "common_name": "cmp-a", "dns": ["cmp-a", "cmp-a.lab"], "ips": ["192.0.2.11"]},
      {"name": "cmp-b", "common_name": "cmp-b", "dns": ["cmp-b"], "ips": ["192.0.2.12", "2001:db8::12"]}]'

# bad input first: nothing is written
for bad in '[{"name": "../x", "common_name": "x", "dns": ["x"]}]' \
           '[{"name": "x", "common_name": "x", "ips": ["192.0.2.300"]}]' \
           '[{"name": "x", "common_name": "x"}]' \
           '[{"name": "x", "common_name": "", "dns": ["x"]}]' \
           '[{"name": "x", "common_name": "x", "dns": "x"}]' \
           '[{"name": "x", "common_name": "x", "dns": ["x"]}, {"name": "x", "common_name": "y", "dns": ["y"]}]'; do
    if run "$work/bad.log" "$bad"; then cat "$work/bad.log"; exit 1; fi
    grep -q 'each item of pki_certs needs a name' "$work/bad.log"
    [ ! -e "$pki" ]
done
if run "$work/bad.log" '[]' -e pki_renew_days=800; then exit 1; fi
grep -q 'pki_renew_days below both' "$work/bad.log"

run "$work/1.log" "$two" || { cat "$work/1.log"; exit 1; }
[ "$(stat -c %a "$pki")" = 700 ]
[ "$(stat -c %a "$pki/private")" = 700 ]
for key in ca cmp-a cmp-b; do [ "$(stat -c %a "$pki/private/$key.key")" = 600 ]; done
for host in cmp-a cmp-b; do
    openssl verify -CAfile "$pki/ca.pem" -purpose sslserver "$pki/certs/$host.pem"
    openssl verify -CAfile "$pki/ca.pem" -purpose sslclient "$pki/certs/$host.pem"
    # the certificate and the key belong together
    [ "$(openssl x509 -in "$pki/certs/$host.pem" -noout -pubkey)" = "$(openssl pkey -in "$pki/private/$host.key" -pubout)" ]
done
openssl x509 -in "$pki/certs/cmp-b.pem" -noout -ext subjectAltName | grep -q 'DNS:cmp-b, IP Address:192.0.2.12, IP Address:2001:DB8:0:0:0:0:0:12'
openssl x509 -in "$pki/ca.pem" -noout -ext basicConstraints | grep -q 'CA:TRUE'

# again: nothing changes
a=$(fingerprint "$pki/certs/cmp-a.pem") b=$(fingerprint "$pki/certs/cmp-b.pem") ca=$(fingerprint "$pki/ca.pem")
run "$work/2.log" "$two" || { cat "$work/2.log"; exit 1; }
[ "$(changed "$work/2.log")" = 0 ]

# cmp-b's address changes: cmp-b only is signed again
moved='[{"name": "cmp-a", "common_name": "cmp-a", "dns": ["cmp-a", "cmp-a.lab"], "ips": ["192.0.2.11"]},
        {"name": "cmp-b", "common_name": "cmp-b", "dns": ["cmp-b"], "ips": ["192.0.2.22"]}]'
run "$work/3.log" "$moved" || { cat "$work/3.log"; exit 1; }
[ "$(fingerprint "$pki/certs/cmp-a.pem")" = "$a" ]
[ "$(fingerprint "$pki/certs/cmp-b.pem")" != "$b" ]
openssl x509 -in "$pki/certs/cmp-b.pem" -noout -ext subjectAltName | grep -q 'IP Address:192.0.2.22'
[ "$(fingerprint "$pki/ca.pem")" = "$ca" ]

# a certificate that expires within pki_renew_days is signed again: cmp-a signed for 3 days, then renewed
rm "$pki/certs/cmp-a.pem"
run "$work/4.log" "$moved" -e pki_cert_days=3 -e pki_renew_days=1 || { cat "$work/4.log"; exit 1; }
openssl x509 -in "$pki/certs/cmp-a.pem" -noout -checkend $(( 4 * 86400 )) && exit 1
b=$(fingerprint "$pki/certs/cmp-b.pem")
run "$work/5.log" "$moved" -e pki_renew_days=10 || { cat "$work/5.log"; exit 1; }
openssl x509 -in "$pki/certs/cmp-a.pem" -noout -checkend $(( 700 * 86400 ))
[ "$(fingerprint "$pki/certs/cmp-b.pem")" = "$b" ]

# a new CA (its key lost): every certificate is signed by it
rm "$pki/private/ca.key"
run "$work/6.log" "$two" || { cat "$work/6.log"; exit 1; }
[ "$(fingerprint "$pki/ca.pem")" != "$ca" ]
for host in cmp-a cmp-b; do openssl verify -CAfile "$pki/ca.pem" "$pki/certs/$host.pem"; done

# check mode before the first run (a cloud deployed by an earlier version: no pki directory): it reports what it
# would make, writes nothing and does not fail; with the CA there and a new host, it reports that host only
rm -rf "$pki"
run "$work/7.log" "$two" --check || { cat "$work/7.log"; exit 1; }
[ ! -e "$pki" ]
[ "$(changed "$work/7.log")" -gt 0 ]
grep -q '"ca",' "$work/7.log"
run "$work/8.log" "$two" || { cat "$work/8.log"; exit 1; }
three='[{"name": "cmp-a", "common_name": "cmp-a", "dns": ["cmp-a", "cmp-a.lab"], "ips": ["192.0.2.11"]},
        {"name": "cmp-b", "common_name": "cmp-b", "dns": ["cmp-b"], "ips": ["192.0.2.12", "2001:db8::12"]},
        {"name": "cmp-c", "common_name": "cmp-c", "dns": ["cmp-c"]}]'
run "$work/9.log" "$three" --check || { cat "$work/9.log"; exit 1; }
[ ! -e "$pki/certs/cmp-c.pem" ]
[ ! -e "$pki/private/cmp-c.key" ]
grep -A6 'Certificates a real run would make' "$work/9.log" > "$work/9.would"
grep -q '"cmp-c"' "$work/9.would"
if grep -q '"cmp-a"\|"cmp-b"\|"ca"' "$work/9.would"; then cat "$work/9.log"; exit 1; fi
run "$work/10.log" "$two" --check || { cat "$work/10.log"; exit 1; }
[ "$(changed "$work/10.log")" = 0 ]
