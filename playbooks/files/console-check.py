#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Prove a guest's remote console through nova's console proxy, as a browser would reach it.

    console-check.py URL TIMEOUT

URL is what `openstack console url show` returned: a noVNC page (http(s)://proxy/vnc_auto.html?path=?token=...)
or a serial console (ws(s)://proxy/?token=...). The check opens the proxy's websocket with the URL's token
(the proxy checks the token with nova, then connects to the guest's console on its compute host):
- noVNC: the guest's VNC server must greet with its RFB version;
- serial: a line typed into the console must come back as the test guest's answer
  ("multiarch-guest: console says <line>").

    console-check.py URL TIMEOUT metadata

(serial only) the typed line asks the test guest for the metadata service again: its answer
("multiarch-guest: metadata uuid <uuid> again") is waited for too, and its UUID printed (metadata_uuid).
Prints one line of JSON (kind, seconds, what answered); exits 1 with the reason otherwise.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import ssl
import struct
import sys
import time
from urllib.parse import parse_qs, unquote, urlsplit


def fail(message):
    print(json.dumps({'ok': False, 'error': message}))
    sys.exit(1)


def websocket_target(url):
    """(kind, scheme, host, port, path) of the proxy's websocket for a console URL."""
    parts = urlsplit(url)
    if parts.scheme in ('ws', 'wss'):
        kind, secure, path = 'serial', parts.scheme == 'wss', (parts.path or '/') + ('?' + parts.query if parts.query else '')
    elif parts.scheme in ('http', 'https'):
        # noVNC's page takes the websocket's path (with the token) in its own query: path=%3Ftoken%3D...
        inner = parse_qs(parts.query).get('path', [''])[0]
        if 'token=' not in unquote(inner) and 'token' not in parse_qs(parts.query):
            fail('no token in the noVNC URL %s' % url)
        if inner:
            path = '/' + unquote(inner).lstrip('/')
        else:
            path = '/?token=' + parse_qs(parts.query)['token'][0]
        kind, secure = 'novnc', parts.scheme == 'https'
    else:
        fail('not a console URL: %s' % url)
    if not parts.hostname:
        fail('no host in %s' % url)
    return kind, secure, parts.hostname, parts.port or (443 if secure else 80), path


def connect(secure, host, port, path, origin, deadline):
    sock = socket.create_connection((host, port), timeout=max(1.0, deadline - time.monotonic()))
    if secure:
        sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
    key = base64.b64encode(os.urandom(16)).decode()
    request = ('GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
               'Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary\r\n'
               'Origin: %s\r\n\r\n' % (path, host, port, key, origin))
    sock.sendall(request.encode())
    head = b''
    while b'\r\n\r\n' not in head:
        chunk = sock.recv(4096)
        if not chunk:
            fail('the proxy at %s:%d closed the connection during the handshake: %r' % (host, port, head[:200]))
        head += chunk
    head, rest = head.split(b'\r\n\r\n', 1)
    status = head.split(b'\r\n', 1)[0].decode(errors='replace')
    if ' 101 ' not in status + ' ':
        fail('the proxy at %s:%d answered %s, not 101 Switching Protocols' % (host, port, status))
    return sock, rest


class Frames:
    """Reads the payloads of a server's websocket frames from a socket; a frame is taken whole or not at all."""

    def __init__(self, sock, buffered):
        self.sock, self.buffer = sock, buffered

    def _fill(self, count, deadline):
        while len(self.buffer) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError()
            self.sock.settimeout(remaining)
            chunk = self.sock.recv(65536)
            if not chunk:
                fail('the proxy closed the connection')
            self.buffer += chunk

    def next(self, deadline):
        self._fill(2, deadline)
        opcode, masked, length, offset = self.buffer[0] & 0x0F, self.buffer[1] & 0x80, self.buffer[1] & 0x7F, 2
        if length in (126, 127):
            size = 2 if length == 126 else 8
            self._fill(offset + size, deadline)
            length = struct.unpack('!H' if size == 2 else '!Q', self.buffer[offset:offset + size])[0]
            offset += size
        mask = None
        if masked:
            self._fill(offset + 4, deadline)
            mask, offset = self.buffer[offset:offset + 4], offset + 4
        self._fill(offset + length, deadline)
        payload, self.buffer = self.buffer[offset:offset + length], self.buffer[offset + length:]
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        if opcode == 0x8:
            code = struct.unpack('!H', payload[:2])[0] if len(payload) >= 2 else None
            fail('the proxy closed the console (code %s: %s)' % (code, payload[2:].decode(errors='replace')))
        return opcode, payload


def send_binary(sock, payload):
    mask = os.urandom(4)
    header = bytes([0x82, 0x80 | len(payload)]) if len(payload) < 126 else bytes([0x82, 0x80 | 126]) + struct.pack('!H', len(payload))
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[3:] not in ([], ['metadata']):
        fail('usage: console-check.py URL TIMEOUT [metadata]')
    try:
        check(sys.argv[1], float(sys.argv[2]), metadata=sys.argv[3:] == ['metadata'])
    except ValueError as error:
        fail('bad argument: %s' % error)
    except OSError as error:
        # refused, reset (a proxy drops a console whose token nova does not know), unreachable
        fail('the console proxy of %s: %s' % (sys.argv[1].split('?', 1)[0], error))


def check(url, timeout, metadata=False):
    kind, secure, host, port, path = websocket_target(url)
    if metadata and kind != 'serial':
        fail('metadata needs a serial console URL (ws:// or wss://), got a %s one' % kind)
    started = time.monotonic()
    deadline = started + timeout
    origin = '%s://%s:%d' % ('https' if secure else 'http', host, port)
    sock, rest = connect(secure, host, port, path, origin, deadline)
    frames = Frames(sock, rest)
    received = b''
    line = b'multiarch-ping-%d' % os.getpid() + (b'-metadata' if metadata else b'')
    answer = b'multiarch-guest: console says ' + line
    again = re.compile(rb'multiarch-guest: metadata uuid (\S+) again')
    said = None
    uuid = None
    next_send = time.monotonic()
    try:
        while said is None or (metadata and uuid is None):
            if kind == 'serial' and said is None and time.monotonic() >= next_send:
                # again every 5 s: a line typed while the guest was busy may be lost
                send_binary(sock, line + b'\r')
                next_send = time.monotonic() + 5
            try:
                opcode, payload = frames.next(min(deadline, next_send) if kind == 'serial' and said is None
                                              else deadline)
            except TimeoutError:
                if time.monotonic() >= deadline:
                    wanted = ('RFB greeting' if kind == 'novnc' else repr(answer.decode()) if said is None
                              else 'metadata answer after %r' % said)
                    fail('no %s within %d s through %s:%d; received %r'
                         % (wanted, timeout, host, port, received[-300:]))
                continue
            if opcode in (0x0, 0x1, 0x2):
                received += payload
            if kind == 'novnc' and received.startswith(b'RFB ') and b'\n' in received:
                said = received.split(b'\n', 1)[0].decode(errors='replace')
            elif kind == 'serial' and said is None and answer in received:
                said = answer.decode()
            if metadata and said is not None and uuid is None:
                found = again.search(received.split(answer, 1)[1])
                uuid = found.group(1).decode() if found else None
    finally:
        sock.close()
    result = {'ok': True, 'kind': kind, 'seconds': round(time.monotonic() - started, 2), 'answer': said}
    if metadata:
        result['metadata_uuid'] = uuid
    print(json.dumps(result))


if __name__ == '__main__':
    main()
