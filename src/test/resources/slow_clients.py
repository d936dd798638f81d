#!/usr/bin/env python3
"""Slow clients for Squall's HTTP limits test: opens COUNT connections spread over ADDRESSES source addresses
127.0.0.(2+FIRST).., sends each half a request head and nothing more, then watches for the server to close
them (or SECONDS pass). Prints one JSON summary line at the end. Raises its soft open-file limit as far as the
hard one allows."""
import json
import resource
import selectors
import socket
import sys
import time

port, count, addresses, first, seconds = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]),
                                         float(sys.argv[5]))
want = count + 100
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < want:
    resource.setrlimit(resource.RLIMIT_NOFILE, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))

sel = selectors.DefaultSelector()
opened_at = {}
refused = 0
start = time.monotonic()
for i in range(count):
    s = socket.socket()
    s.setblocking(True)
    s.settimeout(5)
    try:
        s.bind(("127.0.0.%d" % (2 + first + i % addresses), 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /api/v1/ HTTP/1.1\r\nHost: slow\r\nX-Slow: ")
    except OSError:
        refused += 1
        s.close()
        continue
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
    opened_at[s] = time.monotonic()
connected = time.monotonic() - start

lifetimes = []
peak_open = len(opened_at)
deadline = start + seconds
while opened_at and time.monotonic() < deadline:
    for key, _ in sel.select(timeout=0.5):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        if not data:
            lifetimes.append(time.monotonic() - opened_at.pop(s))
            sel.unregister(s)
            s.close()

lifetimes.sort()
print(json.dumps({
    "opened": peak_open,
    "refused": refused,
    "connect_seconds": round(connected, 2),
    "closed_by_server": len(lifetimes),
    "still_open": len(opened_at),
    "lifetime_p50_s": round(lifetimes[len(lifetimes) // 2], 2) if lifetimes else None,
    "lifetime_max_s": round(lifetimes[-1], 2) if lifetimes else None,
}))
