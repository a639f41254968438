# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Run a module's main() in-process with given arguments and capture its JSON result."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.testing import patch_module_args


class Result(Exception):
    def __init__(self, failed, data):
        super(Result, self).__init__(data.get('msg'))
        self.failed = failed
        self.data = data


@pytest.fixture
def run_module(monkeypatch):
    from ansible.module_utils import basic

    def exit_json(self, **kwargs):
        raise Result(False, kwargs)

    def fail_json(self, msg, **kwargs):
        kwargs['msg'] = msg
        raise Result(True, kwargs)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)

    def run(module, args, check_mode=False):
        args = dict(args)
        if check_mode:
            args['_ansible_check_mode'] = True
        with patch_module_args(args):
            with pytest.raises(Result) as caught:
                module.main()
        # results must be JSON-serialisable, as Ansible will send them
        json.dumps(caught.value.data)
        return caught.value

    return run
