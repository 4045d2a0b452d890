#!/usr/bin/env python3
"""A TCP relay that counts the bytes it carries, to measure what crosses the wire between ssh and sshd.

    countproxy.py LISTEN_PORT TARGET_PORT STATE_FILE

Listens on 127.0.0.1:LISTEN_PORT and relays each connection to 127.0.0.1:TARGET_PORT, both ways, passing a
half-close on. After each connection ends it rewrites STATE_FILE with one line, "UP DOWN OPEN CLOSED": the
payload bytes sent towards the server and back to the client over all connections so far, the connections
still open and those closed. A reader waits for OPEN to be 0 before it takes the totals. TCP payload only:
no IP or TCP headers, the same for every command measured through it.
"""
import os
import socket
import sys
import threading

lock = threading.Lock()
totals = {"up": 0, "down": 0, "open": 0, "closed": 0}


def write_state(path):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%(up)d %(down)d %(open)d %(closed)d\n" % totals)
    os.replace(tmp, path)


def pump(src, dst, key):
    try:
        while True:
            data = src.recv(262144)
            if not data:
                break
            dst.sendall(data)
            with lock:
                totals[key] += len(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def relay(client, target_port, path):
    try:
        server = socket.create_connection(("127.0.0.1", target_port))
    except OSError:
        client.close()
        with lock:
            totals["open"] -= 1
            totals["closed"] += 1
            write_state(path)
        return
    up = threading.Thread(target=pump, args=(client, server, "up"), daemon=True)
    up.start()
    pump(server, client, "down")
    up.join()
    client.close()
    server.close()
    with lock:
        totals["open"] -= 1
        totals["closed"] += 1
        write_state(path)


def main():
    listen_port, target_port, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen(64)
    with lock:
        write_state(path)
    while True:
        client, _ = listener.accept()
        with lock:
            totals["open"] += 1
            write_state(path)
        threading.Thread(target=relay, args=(client, target_port, path), daemon=True).start()


if __name__ == "__main__":
    main()
