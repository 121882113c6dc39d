#!/usr/bin/env python3
"""Drives tdvisor's serial monitor over Bochs' COM1 socket: connects (Bochs
waits for the connection before it boots), copies everything received to the
log, and plays a script of (wait-for-text, send-line) steps.
   console_client.py PORT LOG WAIT1 SEND1 [WAIT2 SEND2 ...] FINAL_WAIT
Exit status 0 when every text arrived in time, 1 otherwise."""
import socket
import sys
import time

port, log_path, steps = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
deadline = time.time() + 240
sock = None
while sock is None and time.time() < deadline:
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=1)
    except OSError:
        time.sleep(0.2)
if sock is None:
    sys.exit(1)
sock.settimeout(0.5)
received = b""
with open(log_path, "wb") as log:
    def wait_for(text):
        global received
        while text.encode() not in received:
            if time.time() > deadline:
                return False
            try:
                chunk = sock.recv(4096)
            except socket.timeout:
                continue
            if not chunk:
                return False
            received += chunk
            log.write(chunk)
            log.flush()
        received = received[received.index(text.encode()) + len(text):]
        return True

    ok = True
    for i in range(0, len(steps) - 1, 2):
        if not wait_for(steps[i]):
            ok = False
            break
        sock.sendall(steps[i + 1].encode() + b"\r")
    ok = ok and wait_for(steps[-1])
    # keep logging until Bochs closes the socket (the run ended)
    try:
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                break
            log.write(chunk)
    except OSError:
        pass
sys.exit(0 if ok else 1)
