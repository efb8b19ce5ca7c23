"""A visitor of `goldilocks serve`, as a browser is one: it loads the page (and so gets its
cookie), opens the websocket, sends keys as the page's terminal does, and reads what the game
draws through a terminal emulator (pyte), the way xterm.js shows it in the page."""

from __future__ import annotations

import asyncio
import codecs
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pyte

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"enter": "\r", "escape": "\x1b", "f5": "\x1b[15~", "f9": "\x1b[20~"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(*options: str, players: Path) -> Iterator[str]:
    """`goldilocks serve` in a process of its own for the test; its address."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "game",
            "serve",
            "--port",
            str(port),
            "--players",
            str(players),
            *options,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(600):  # up to a minute on a busy machine
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    said = server.stdout.read() if server.stdout else ""
                    raise RuntimeError(f"the server stopped: {said}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


class Visitor:
    """One browser: its own cookie jar, websocket and screen."""

    def __init__(self, base: str, width: int = 100, height: int = 30) -> None:
        self.base = base
        self.width, self.height = width, height
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.Stream(self.screen)
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.page = ""
        self.status = 0
        self.closed = asyncio.Event()

    async def __aenter__(self) -> Visitor:
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if getattr(self, "ws", None) is not None:
            await self.ws.close()
            await self.reader
        await self.http.close()

    async def load_page(self) -> None:
        async with self.http.get(self.base + "/") as response:
            self.status = response.status
            self.page = await response.text()

    async def open_game(self) -> None:
        """Load the page and open the game's websocket, as the page's script does."""
        await self.load_page()
        url = f"{self.base}/ws?width={self.width}&height={self.height}"
        self.ws = await self.http.ws_connect(url)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(self.decoder.decode(message.data))
        self.closed.set()

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    async def wait_for(self, text: str, seconds: float = 60) -> None:
        """Until `text` is on the screen (a failure, with the screen, if it never comes)."""
        for _ in range(int(seconds * 20)):
            if text in self.text():
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{text!r} never came on screen:\n{self.text()}")

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.ws.send_str(json.dumps(["stdin", KEYS.get(key, key)]))
            await asyncio.sleep(0.15)  # a person's pace: one key, then the next
