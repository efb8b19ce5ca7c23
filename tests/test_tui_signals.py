"""SIGTERM or SIGHUP to the game in a real (pseudo-)terminal: it ends as ctrl+q does, with the
terminal put back (alternate screen left, echo on) and the autosave of the last move kept."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import STARTER

ROOT = Path(__file__).resolve().parent.parent
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"


def read_until(fd: int, wanted: bytes, seen: bytearray, limit: float = 60.0) -> None:
    """Read the terminal until `wanted` shows (a test of what the app drew, not a timing)."""
    deadline = time.monotonic() + limit
    while wanted not in seen:
        assert time.monotonic() < deadline, f"{wanted!r} never showed; saw {bytes(seen[-400:])!r}"
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            seen.extend(chunk)


def drain_until_exit(fd: int, seen: bytearray, process: subprocess.Popen[bytes]) -> int:
    """Keep reading the terminal (a full one would block the app's last writes) until the
    process has ended and said all it had to say; its exit status."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen.extend(chunk)
        elif process.poll() is not None:
            break
    return process.wait(timeout=10)


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_restores_the_terminal_and_keeps_the_autosave(
    tmp_path: Path, sent: signal.Signals
) -> None:
    master, slave = pty.openpty()
    saves = tmp_path / "saves"
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    process = subprocess.Popen(
        [sys.executable, "-m", "game", "--story", str(STARTER), "--saves", str(saves)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    seen = bytearray()
    try:
        read_until(master, b"New game", seen)
        os.write(master, b"n")
        read_until(master, b"Back Dev", seen)
        os.write(master, b"1")
        read_until(master, b"hangar", seen)
        seen.clear()
        process.send_signal(sent)
        status = drain_until_exit(master, seen, process)
        attributes = termios.tcgetattr(slave)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
        os.close(slave)
    assert status == 128 + sent
    assert LEAVE_ALTERNATE_SCREEN in seen
    assert attributes[3] & termios.ECHO and attributes[3] & termios.ICANON
    autosave = json.loads((saves / "goldilocks-starter" / "autosave.json").read_text("utf-8"))
    assert autosave["state"]["scene"] == "hangar"
