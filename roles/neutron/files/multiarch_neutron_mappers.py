# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Imported by neutron-api's uwsgi before the API is loaded (installed by multiarch.openstack.neutron).

Neutron 21 (Zed) lists ports with a query naming ``Port.port_forwardings``, a backref that
SQLAlchemy only creates when the mappers are configured. A fresh uwsgi worker has run no query
yet, so its first GET /v2.0/ports fails with AttributeError (HTTP 500) and nova cannot boot a
guest. Importing every model and configuring the mappers here makes the backref exist from the
start.
"""

from neutron.db.migration.models import head  # noqa: F401  pylint: disable=unused-import
from sqlalchemy import orm

orm.configure_mappers()
