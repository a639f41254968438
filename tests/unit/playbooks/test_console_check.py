# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""validate's console check (playbooks/files/console-check.py): the websocket a console URL names, the frames
read from a socket pair, and its refusals (which never repeat a token)."""
from __future__ import annotations

import importlib.util
import json
import os
import socket
import struct
import time

import pytest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'playbooks', 'files', 'console-check.py')


@pytest.fixture(name='check')
def fixture_check():
    spec = importlib.util.spec_from_file_location('console_check', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize('url, target', [
    # as nova 26 to 31 return them
    ('http://192.0.2.10:6080/vnc_auto.html?path=%3Ftoken%3Dabc-123', ('novnc', False, '192.0.2.10', 6080, '/?token=abc-123')),
    ('https://cloud.example:443/vnc_lite.html?token=abc', ('novnc', True, 'cloud.example', 443, '/?token=abc')),
    ('ws://192.0.2.10:6083/?token=abc-123', ('serial', False, '192.0.2.10', 6083, '/?token=abc-123')),
    ('wss://cloud.example/?token=t', ('serial', True, 'cloud.example', 443, '/?token=t')),
])
def test_websocket_target(check, url, target):
    assert check.websocket_target(url) == target


@pytest.mark.parametrize('url', ['ftp://192.0.2.10/x', 'http://192.0.2.10:6080/vnc_auto.html', 'ws:///?token=x'])
def test_refuses_what_is_no_console_url(check, url, capsys):
    with pytest.raises(SystemExit) as stopped:
        check.websocket_target(url)
    assert stopped.value.code == 1
    assert json.loads(capsys.readouterr().out)['ok'] is False


def _frame(opcode, payload):
    if len(payload) < 126:
        return bytes([0x80 | opcode, len(payload)]) + payload
    return bytes([0x80 | opcode, 126]) + struct.pack('!H', len(payload)) + payload


def test_frames_are_taken_whole_across_reads(check):
    ours, theirs = socket.socketpair()
    try:
        data = _frame(0x2, b'RFB 003.008\n') + _frame(0x2, b'x' * 300)
        # the first frame split over two reads, the second after a pause
        theirs.sendall(data[:5])
        frames = check.Frames(ours, b'')
        with pytest.raises(TimeoutError):
            frames.next(time.monotonic() + 0.2)
        theirs.sendall(data[5:])
        assert frames.next(time.monotonic() + 5) == (0x2, b'RFB 003.008\n')
        assert frames.next(time.monotonic() + 5) == (0x2, b'x' * 300)
    finally:
        ours.close()
        theirs.close()


def test_a_close_frame_fails_with_its_reason(check, capsys):
    ours, theirs = socket.socketpair()
    try:
        theirs.sendall(_frame(0x8, struct.pack('!H', 1008) + b'invalid token'))
        with pytest.raises(SystemExit):
            check.Frames(ours, b'').next(time.monotonic() + 5)
        assert json.loads(capsys.readouterr().out)['error'] == 'the proxy closed the console (code 1008: invalid token)'
    finally:
        ours.close()
        theirs.close()
