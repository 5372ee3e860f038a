#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs a command on a new pseudo-terminal as a person would at a shell:
waits for PROMPT (5 s at most: a person would type anyway), types PASSWORD
and Enter, and writes to the standard output everything the terminal showed.
Exits with the command's status (124 when it did not end within 30 s).

usage: pty-password.py PROMPT PASSWORD COMMAND [ARG...]
"""

import os
import pty
import select
import sys
import time


def main():
    prompt = sys.argv[1].encode()
    password = sys.argv[2].encode()
    argv = sys.argv[3:]

    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execv(argv[0], argv)
        finally:
            os._exit(127)

    shown = b""
    typed = False
    start = time.monotonic()
    deadline = start + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if fd in ready:
            try:
                data = os.read(fd, 4096)
            except OSError:  # EIO: the command closed the terminal
                data = b""
            if not data:
                break
            shown += data
        if not typed and (prompt in shown or time.monotonic() > start + 5):
            os.write(fd, password + b"\n")
            typed = True
    else:
        os.kill(pid, 9)

    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(shown)
    sys.stdout.flush()
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 124


if __name__ == "__main__":
    sys.exit(main())
