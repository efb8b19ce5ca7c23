"""`goldilocks serve`'s figures: a visitor's wait for the title, and one visitor's memory.

Start: from the moment the visitor's websocket is open (the page is loaded, the server is up) to
the first frame that shows the title's menu, read through a terminal emulator (pyte) as the
page's xterm.js draws it. It includes everything a visitor waits for: the server starting the
game's process, its imports, the first frame, and the relay. Its floor is the TUI's own start
(`tui_bench.py start ours`: a fresh process to the first frame), the same story, measured in turn.

Memory: the resident size (VmRSS, and its peak VmHWM) of one visitor's game process, read from
/proc once the title is up.
"""

from __future__ import annotations

import asyncio
import codecs
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TITLE_MENU = "New game"


def unavailable() -> str:
    """Why serve cannot be measured ('' when it can)."""
    try:
        import aiohttp  # noqa: F401
        import pyte  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError as exc:
        return f"not measured: {exc.name} is not installed (pip install -e '.[test]')"
    return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(story: Path, players: Path) -> Iterator[tuple[str, int]]:
    """`goldilocks serve` in a process of its own: its address and pid."""
    port = _free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "game", "serve", "--port", str(port)),
            *("--story", str(story), "--players", str(players), "--max-players", "4"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in map(int, children):
        found += [child, *_descendants(child)]
    return found


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def game_memory(server_pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB of the visitor's game: the python process under the server."""
    for pid in _descendants(server_pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--in-browser" in command and b"python" in command[0]:
            return _status_mb(pid, "VmRSS"), _status_mb(pid, "VmHWM")
    return 0.0, 0.0


async def _visit(base: str, server_pid: int, measure_memory: bool) -> tuple[float, float, float]:
    """One visitor: seconds from websocket open to the title's menu on screen (and the game's
    memory then, when asked)."""
    import aiohttp
    import pyte

    screen = pyte.Screen(100, 30)
    stream = pyte.Stream(screen)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(base + "/") as page:
            await page.text()
        async with http.ws_connect(f"{base}/ws?width=100&height=30") as ws:
            opened = time.perf_counter()
            async for message in ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    stream.feed(decoder.decode(message.data))
                    if any(TITLE_MENU in line for line in screen.display):
                        took = time.perf_counter() - opened
                        break
            else:
                raise RuntimeError("the served game closed before its title was drawn")
            rss, peak = game_memory(server_pid) if measure_memory else (0.0, 0.0)
    return took, rss, peak


def visit(base: str, server_pid: int, measure_memory: bool = False) -> tuple[float, float, float]:
    return asyncio.run(_visit(base, server_pid, measure_memory))
