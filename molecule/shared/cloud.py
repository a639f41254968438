# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""What a testinfra test asks the lab's cloud and runs against it: the openstack client on the controller (with
/root/admin-openrc) and ansible-playbook on molecule's inventory."""

from __future__ import annotations

import json
import os
import subprocess


def playbook(*args):
    """ansible-playbook on molecule's inventory: (exit code, stdout and stderr)."""
    run = subprocess.run(['ansible-playbook', '-i', os.environ['MOLECULE_INVENTORY_FILE']] + list(args),
                         capture_output=True, text=True, check=False)
    return run.returncode, run.stdout + run.stderr


def openstack(host, args):
    """The openstack client's output on `host` (a controller) as the admin."""
    return host.check_output('. /root/admin-openrc && openstack %s' % args)


def compute_service(host, name):
    """The nova-compute service of a compute host as nova lists it, or None."""
    services = json.loads(openstack(host, 'compute service list --service nova-compute -f json'))
    return next((service for service in services if service['Host'] == name), None)


def aggregate_hosts(host, arch):
    """The hosts of an architecture's aggregate (cloud_resources' default prefix: arch-)."""
    return json.loads(openstack(host, 'aggregate show -f json arch-%s' % arch))['hosts']


def resource_providers(host, name):
    """The names of placement's resource providers called `name` (the token goes to curl on stdin, not argv)."""
    out = host.check_output(
        '. /root/admin-openrc && url=$(openstack endpoint list --service placement --interface public -f value -c URL) '
        '&& openstack token issue -f value -c id | sed "s/^/X-Auth-Token: /" '
        '| curl -sf -H @- -H "OpenStack-API-Version: placement 1.10" "${url%%/}/resource_providers?name=%s"' % name)
    return [provider['name'] for provider in json.loads(out)['resource_providers']]
