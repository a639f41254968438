# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Each compute host of the mixed cloud: nova.conf [libvirt] as libvirt_cpu decided it for that host's architecture, and
live migration over libvirt's TLS with the certificates of the deployment's CA."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
import expected_libvirt  # noqa: E402  pylint: disable=wrong-import-position
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
PLATFORMS = SCENARIO.platforms
COMPUTES = SCENARIO.group('computes')

testinfra_hosts = ['ansible://' + name for name in COMPUTES]


def test_nova_libvirt_section(host):
    name = host.ansible.get_variables()['inventory_hostname']
    # as oslo.config reads Debian's nova-compute: nova.conf, then nova-compute.conf over it
    conf = configparser.ConfigParser(interpolation=None, strict=False)
    for path in ('/etc/nova/nova.conf', '/etc/nova/nova-compute.conf'):
        conf.read_string(host.file(path).content_string)
    arch = PLATFORMS[name]['arch']
    assert host.system_info.arch == arch
    libvirt = dict(conf['libvirt'])
    modules = [m for m in expected_libvirt.KVM_MODULES if host.file('/sys/module/' + m).is_directory]
    for key, value in expected_libvirt.nova_libvirt(arch, host.file('/dev/kvm').exists, modules).items():
        assert libvirt.get(key) == value, (name, key, libvirt)
    # one remote console per architecture (noVNC or serial), never the SPICE display Debian's nova.conf enables
    assert conf.get('spice', 'enabled') == 'false', name
    assert {conf.get('vnc', 'enabled'), conf.get('serial_console', 'enabled')} == {'true', 'false'}, name


def test_nova_compute_and_libvirtd_run(host):
    assert host.process.filter(user='nova', comm='nova-compute') or any(
        'nova-compute' in p.args for p in host.process.filter(user='nova'))
    assert host.process.filter(comm='libvirtd')


def test_libvirt_offers_only_the_architectures_the_host_runs(host):
    # Debian's nova-compute-kvm installs the x86_64 emulator everywhere; the role diverts the emulators of other
    # architectures, else an aarch64 or ppc64le host would take x86_64 guests (an image without hw_architecture)
    name = host.ansible.get_variables()['inventory_hostname']
    own = PLATFORMS[name]['arch']
    emulated = SCENARIO.host_vars(name).get('nova_compute_emulated_architectures', [])
    caps = host.check_output('virsh -c qemu:///system capabilities')
    offered = set(re.findall(r"<arch name='([^']+)'>", caps.split('</host>', 1)[1]))
    # libvirt also lists narrower arches an emulator runs (i686, armv7l, ppc64); these four are the cloud's
    for arch in ('x86_64', 'aarch64', 'ppc64le', 's390x'):
        assert (arch in offered) == (arch in {own} | set(emulated)), (name, arch, sorted(offered))


def _group_var(name):
    return SCENARIO.config['provisioner']['inventory']['group_vars']['all'][name]


def _address(host):
    return host.ansible.get_variables()['ansible_host']


def test_live_migration_goes_over_libvirts_tls(host):
    name = host.ansible.get_variables()['inventory_hostname']
    address = _address(host)
    conf = configparser.ConfigParser(interpolation=None, strict=False)
    conf.read_string(host.file('/etc/nova/nova-compute.conf').content_string)
    assert conf.get('libvirt', 'live_migration_scheme') == 'tls', name
    assert conf.get('libvirt', 'live_migration_inbound_addr') == address, name
    # TLS on the host's own address only; libvirt's plain TCP port closed
    assert host.socket('tcp://%s:16514' % address).is_listening, name
    assert not host.socket('tcp://0.0.0.0:16514').is_listening, name
    assert not host.socket('tcp://%s:16509' % address).is_listening, name
    assert host.file('/etc/pki/libvirt/private/serverkey.pem').mode == 0o600
    assert host.file('/etc/pki/libvirt/private/clientkey.pem').mode == 0o600
    assert host.file('/etc/pki/libvirt/private').mode == 0o700


def _virsh_tls(address, pkipath):
    """virsh hostname over qemu+tls, from the lab machine, with the client certificate and CA of pkipath."""
    return subprocess.run(['virsh', '-c', 'qemu+tls://%s/system?pkipath=%s' % (address, pkipath), 'hostname'],
                          capture_output=True, text=True, timeout=120, check=False)


def test_libvirt_takes_the_deployments_certificates_and_no_other(host, tmp_path):
    """A peer with a certificate of the deployment's CA is served; one with another CA's certificate is refused."""
    name = host.ansible.get_variables()['inventory_hostname']
    address = _address(host)
    pki = os.path.join(os.path.dirname(_group_var('passwords_file')), 'pki')
    ours, foreign = tmp_path / 'ours', tmp_path / 'foreign'
    for directory in (ours, foreign):
        directory.mkdir(mode=0o700)
    # the deployment's: another compute host's certificate, as that host's libvirtd presents it to this one
    peer = [other for other in COMPUTES if other != name][0]
    shutil.copy(os.path.join(pki, 'ca.pem'), ours / 'cacert.pem')
    shutil.copy(os.path.join(pki, 'certs', peer + '.pem'), ours / 'clientcert.pem')
    shutil.copy(os.path.join(pki, 'private', peer + '.key'), ours / 'clientkey.pem')
    served = _virsh_tls(address, ours)
    assert served.returncode == 0 and served.stdout.strip() == host.check_output('hostname'), (name, served)
    # a certificate of another CA, with the same name, and both CAs in the client's CA file (libvirt's client only
    # presents a certificate one of its CAs signed): the deployment's CA verifies the server, the server refuses
    openssl = [['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=another CA',
                '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign',
                '-keyout', 'ca.key', '-out', 'ca.pem'],
               ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=' + peer, '-keyout', 'clientkey.pem',
                '-out', 'client.csr'],
               ['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
                '-days', '1', '-extfile', 'client.ext', '-out', 'clientcert.pem']]
    (foreign / 'client.ext').write_text('basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n'
                                        'extendedKeyUsage=clientAuth\n')
    for args in openssl:
        subprocess.run(['openssl'] + args, cwd=foreign, check=True, capture_output=True)
    with open(foreign / 'cacert.pem', 'w') as bundle:
        for ca in (os.path.join(pki, 'ca.pem'), foreign / 'ca.pem'):
            with open(ca) as handle:
                bundle.write(handle.read())
    refused = _virsh_tls(address, foreign)
    assert refused.returncode != 0 and not refused.stdout.strip(), (name, refused)
    # the same CA file with the deployment's certificate is served: the refusal was the server's
    shutil.copy(ours / 'clientcert.pem', foreign / 'clientcert.pem')
    shutil.copy(ours / 'clientkey.pem', foreign / 'clientkey.pem')
    assert _virsh_tls(address, foreign).returncode == 0, name
