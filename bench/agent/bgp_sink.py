#!/usr/bin/env python3
"""A BGP receiver that does nothing: the BGP-to-kernel benchmark's measure of the feeder alone.
Listens on ADDRESS:179, answers one peer's OPEN with its own (AS given, hold time 240, no
capabilities needed by the feeder) and a KEEPALIVE, then reads and discards every message; at the
first End-of-RIB (an empty IPv4 UPDATE) it prints `eor-ns <CLOCK_MONOTONIC ns>` and `bytes <n>`,
and keeps reading until the peer closes. Usage: bgp_sink.py ADDRESS AS."""
import socket, struct, sys, time

EOR = b"\xff" * 16 + struct.pack("!HB", 23, 2) + b"\x00\x00\x00\x00"


def main():
    address, asn = sys.argv[1], int(sys.argv[2])
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((address, 179))
    srv.listen(1)
    print("listening", flush=True)
    conn, _ = srv.accept()
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    body = struct.pack("!BHH4sB", 4, asn, 240, socket.inet_aton(address), 0)
    conn.sendall(b"\xff" * 16 + struct.pack("!HB", 19 + len(body), 1) + body + b"\xff" * 16 + struct.pack("!HB", 19, 4))
    buf = bytearray()
    total = 0
    seen_eor = False
    while True:
        chunk = conn.recv(1 << 20)
        if not chunk:
            break
        total += len(chunk)
        if seen_eor:
            continue
        buf += chunk
        # Walk whole messages; keep the incomplete tail.
        pos = 0
        while len(buf) - pos >= 19:
            length = (buf[pos + 16] << 8) | buf[pos + 17]
            if len(buf) - pos < length:
                break
            if length == 23 and bytes(buf[pos:pos + 23]) == EOR:
                print("eor-ns %d" % time.monotonic_ns(), flush=True)
                print("bytes %d" % total, flush=True)
                seen_eor = True
                break
            pos += length
        del buf[:pos]


if __name__ == "__main__":
    main()
