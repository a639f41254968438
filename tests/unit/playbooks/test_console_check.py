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
import threading
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


def _guest(server, answers, ready):
    """A console proxy with the test guest behind it: the handshake, then each typed line's answers, split over
    several frames (as a serial console sends bytes when it has them)."""
    ready.set()
    conn, _address = server.accept()
    with conn:
        request = b''
        while b'\r\n\r\n' not in request:
            request += conn.recv(4096)
        conn.sendall(b'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
        frames = b''
        while True:
            chunk = conn.recv(4096)
            if not chunk:
                return
            frames += chunk
            # client frames are masked: 2 header bytes (short payloads), 4 mask bytes, the payload
            while len(frames) >= 6 and len(frames) >= 6 + (frames[1] & 0x7F):
                length = frames[1] & 0x7F
                mask, payload, frames = frames[2:6], frames[6:6 + length], frames[6 + length:]
                line = bytes(b ^ mask[i % 4] for i, b in enumerate(payload)).rstrip(b'\r')
                for text in answers(line):
                    for part in (text[:7], text[7:]):
                        conn.sendall(_frame(0x2, part))
                        time.sleep(0.05)


def _check_against(check, answers, timeout, metadata, capsys):
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(1)
    ready = threading.Event()
    thread = threading.Thread(target=_guest, args=(server, answers, ready), daemon=True)
    thread.start()
    ready.wait(5)
    try:
        check.check('ws://127.0.0.1:%d/?token=t' % server.getsockname()[1], timeout, metadata=metadata)
        return json.loads(capsys.readouterr().out)
    except SystemExit:
        return json.loads(capsys.readouterr().out)
    finally:
        server.close()


def test_metadata_asks_the_guest_again_and_reports_its_uuid(check, capsys):
    uuid = '0c6e3f9e-51a5-4a3b-9a57-1f0f1d2c3b4a'

    def answers(line):
        yield b'multiarch-guest: console says ' + line + b'\r\n'
        if line.endswith(b'-metadata'):
            yield b'multiarch-guest: metadata uuid ' + uuid.encode() + b' again\r\n'

    result = _check_against(check, answers, 10, True, capsys)
    assert result['ok'] is True and result['metadata_uuid'] == uuid, result
    assert result['answer'].startswith('multiarch-guest: console says multiarch-ping-')
    assert result['answer'].endswith('-metadata')


def test_metadata_without_an_answer_fails_naming_what_was_missing(check, capsys):
    def answers(line):
        yield b'multiarch-guest: console says ' + line + b'\r\n'

    result = _check_against(check, answers, 2, True, capsys)
    assert result['ok'] is False
    assert 'no metadata answer after' in result['error'], result


def test_a_plain_check_does_not_ask_for_the_metadata(check, capsys):
    asked = []

    def answers(line):
        asked.append(line)
        yield b'multiarch-guest: console says ' + line + b'\r\n'

    result = _check_against(check, answers, 10, False, capsys)
    assert result['ok'] is True and 'metadata_uuid' not in result
    assert asked and not any(line.endswith(b'-metadata') for line in asked)


def test_metadata_needs_a_serial_console(check, capsys):
    with pytest.raises(SystemExit):
        check.check('http://192.0.2.10:6080/vnc_auto.html?path=%3Ftoken%3Dabc', 1, metadata=True)
    assert 'metadata needs a serial console URL' in json.loads(capsys.readouterr().out)['error']
