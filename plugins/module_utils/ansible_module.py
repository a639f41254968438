# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""AnsibleModule whose argument errors name the option.

ansible-core fails a module with the first of its argument errors only. For a list option of
mappings with suboptions given an element that is not a mapping, that first error is a bare
``dictionary requested, could not parse JSON or key=value``, naming neither the option nor the
value; the error naming them comes second. This class reports every argument error, leaving out
those that another one already contains.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule


class Module(AnsibleModule):
    """AnsibleModule reporting all of its argument errors."""

    def fail_json(self, msg, **kwargs):
        result = getattr(self, 'validation_result', None)
        errors = result.errors if result is not None else None
        if errors and len(errors.messages) > 1 and msg == errors.msg:
            messages = []
            for message in errors.messages:
                if message not in messages and not any(message != other and message in other
                                                       for other in errors.messages):
                    messages.append(message)
            msg = '; '.join(messages)
        super(Module, self).fail_json(msg=msg, **kwargs)
