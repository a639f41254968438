# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Offline stand-in for the pip bootstrap script ansible-test downloads.

ansible-test bootstraps pip into each of its virtual environments with a
``get-pip`` script fetched from ci-files.testing.ansible.com, which machines
that only reach PyPI cannot download. ``make`` copies this file to
``~/.ansible/test/cache/get_pip_<version>.py``; run there, it installs the
interpreter's bundled pip with ensurepip, then the exact packages ansible-test
asked for (``pip==<version>``) from the package index.
"""

from __future__ import annotations

import subprocess
import sys

# get-pip options that ``pip install`` does not know
GET_PIP_ONLY = ('--no-setuptools', '--no-wheel')


def main():
    # In a child process: ensurepip points PIP_CONFIG_FILE at /dev/null in the process that
    # runs it, which would hide the site's pip configuration (index, certificates) from the
    # install below.
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)


if __name__ == '__main__':
    main()
