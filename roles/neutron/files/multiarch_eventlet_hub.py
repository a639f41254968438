# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Imported by neutron-api's uwsgi master before it forks its workers (shared-import; installed by
multiarch.openstack.neutron).

neutron-api monkey-patches eventlet, so its background work runs in green threads, among them the one that pushes
every changed port, network, subnet and security group to the agents (neutron.plugins.ml2.ovo_rpc). A green thread
runs only while the worker's one OS thread is in eventlet's hub, and between requests that thread waits in uwsgi's
own C loop: what a request queued leaves when the same worker serves its next request, which on a quiet cloud is
minutes later. Seen in the lab: a worker opened its first AMQP connection for such a push as it answered the
creation of a subnet, and carried on with it eleven minutes later, at its next request, long after RabbitMQ had
given up the handshake ("[Errno 104] ECONNRESET" in neutron-api.log).

So, every second, a uwsgi timer signal reaches every worker, and the worker runs the hub for a moment: queued work
goes on within about a second of the request that queued it, whatever the traffic. A worker serving a request
handles the signal after it."""

import sys

import uwsgi  # pylint: disable=import-error

# a uwsgi signal number (0-255) that neither Debian's uwsgi files nor neutron register
SIGNAL = 97
# seconds between two turns of the hub, and how long the hub runs in each
PERIOD = 1
SLICE = 0.05


def run_green_threads(_signum):
    """The signal's handler, in a worker between two requests."""
    # the worker's own eventlet, once neutron has loaded (and patched) it; before that there is nothing to run
    eventlet = sys.modules.get('eventlet')
    if eventlet is not None:
        eventlet.sleep(SLICE)


# the master's signal table and timer serve every worker it forks (and forks again)
if uwsgi.worker_id() == 0:
    uwsgi.register_signal(SIGNAL, 'workers', run_green_threads)
    uwsgi.add_timer(SIGNAL, PERIOD)
