#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# A hostile OCSP "responder" on 127.0.0.1 for the sealing tests. Prints the
# port it listens on, then answers every POST:
#   ocsp-serve.py file ANSWER.der   always the same bytes (a replayed answer)
#   ocsp-serve.py drip              a valid start, then one byte a second
#                                   (for at most a minute), which no per-read
#                                   timeout ever ends
import socketserver
import sys
import time

mode = sys.argv[1]
answer = open(sys.argv[2], "rb").read() if mode == "file" else b""


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        length = 0
        while True:
            line = self.rfile.readline()
            if not line or line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        self.rfile.read(length)
        try:
            if mode == "file":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\n"
                                 b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(answer) + answer)
                return
            reply = (b"HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\n"
                     b"Content-Length: 4096\r\n\r\n" + b"0" * 4096)
            for i in range(min(60, len(reply))):
                self.wfile.write(reply[i:i + 1])
                self.wfile.flush()
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


with Server(("127.0.0.1", 0), Handler) as server:
    print(server.server_address[1], flush=True)
    server.serve_forever()
