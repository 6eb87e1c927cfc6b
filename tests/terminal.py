"""Running a command the way a person does, on a terminal (a pseudo-terminal, so isatty() is true)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import termios

from tests.conftest import ROOT


def on_terminal(*argv: str, timeout: float = 300) -> str:
    """Everything the command wrote to its terminal (stdout and stderr both go there)."""
    leader, follower = pty.openpty()
    # A new pseudo-terminal is 0 columns wide; a person's is not (progress lines fit the width).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=follower, stderr=follower, env={**os.environ, "NO_COLOR": ""})
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side closed: the command is done
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=timeout)
    os.close(leader)
    return out.decode("utf-8", "replace")
