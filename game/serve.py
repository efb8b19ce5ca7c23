"""`goldilocks serve`: the game in a web page, one game process per visitor (textual-serve).

textual-serve runs a command per browser websocket and relays the terminal between them; this
module decides what that command is and who the visitor is:

- A visitor is known by a random token in a cookie (`goldilocks_player`), set by the page. Their
  saves, endings record and settings live in a folder of their own, named after a hash of the
  token, so two visitors never see, load or overwrite each other's games. Coming back with the
  same browser (the cookie lasts a year) continues where they left off; the page says so.
- At most `max_players` games run at once: the page for one more visitor says the game is full
  and to try again later (HTTP 503), instead of a page that hangs.
- The server listens on 127.0.0.1 unless told otherwise, and has no authentication (see the
  `--help` of `goldilocks serve`).
"""

from __future__ import annotations

import hashlib
import secrets
import shlex
import sys
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

COOKIE = "goldilocks_player"
COOKIE_DAYS = 365
PAGE = Path(__file__).resolve().parent / "serve_page.html"


def visitor_folder(root: Path, token: str) -> Path:
    """A visitor's own folder: a hash of their token, so the folder name gives the token away
    to no one who can list the folders."""
    return root / hashlib.sha256(token.encode("utf-8")).hexdigest()[:24]


def valid_token(token: str | None) -> bool:
    return (
        token is not None
        and 16 <= len(token) <= 64
        and token.replace("-", "").replace("_", "").isalnum()
    )


class VisitorGame(AppService):
    """One visitor's game process, its settings kept in the visitor's own folder."""

    def __init__(self, command: str, config_dir: Path, **options: Any) -> None:
        super().__init__(command, **options)
        self.config_dir = config_dir

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["XDG_CONFIG_HOME"] = str(self.config_dir)  # where platformdirs looks
        return environment


class GameServer(Server):
    """textual-serve's server, with a visitor per cookie, a cap, and the game's own page."""

    def __init__(
        self,
        story_dir: Path | None,
        players_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        max_players: int = 8,
        python: str = sys.executable,
    ) -> None:
        super().__init__("goldilocks", host=host, port=port, title="Goldilocks")
        self.story_dir = story_dir
        self.players_dir = players_dir
        self.max_players = max_players
        self.python = python
        self.playing = 0  # games running now

    def command_for(self, folder: Path) -> str:
        """The game, as the visitor's process runs it: the TUI (stdin is a pipe here, which
        would otherwise mean plain mode), with the visitor's saves."""
        parts = [self.python, "-m", "game", "play", "--in-browser"]
        parts += ["--saves", str(folder / "saves")]
        if self.story_dir is not None:
            parts += ["--story", str(self.story_dir)]
        return " ".join(shlex.quote(part) for part in parts)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/full", self.handle_full)
        return app

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"Goldilocks is served on {self.public_url}  (Ctrl+C to stop)")
        self.console.print("No authentication: anyone who can reach this address can play.")

    def is_full(self) -> bool:
        return self.playing >= self.max_players

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        """The page: the game's title and look, and the visitor's cookie (kept a year)."""
        if self.is_full():
            return self.full_page()
        token = request.cookies.get(COOKIE)
        if not valid_token(token):
            token = secrets.token_urlsafe(24)
        scheme = "wss" if request.secure else "ws"
        font_size = max(8, min(40, to_int(request.query.get("fontsize", "17"), 17)))
        page = (
            PAGE.read_text(encoding="utf-8")
            .replace("{{ static }}", "/static/")
            .replace("{{ websocket }}", f"{scheme}://{request.host}/ws")
            .replace("{{ font_size }}", str(font_size))
        )
        response = web.Response(text=page, content_type="text/html")
        response.set_cookie(
            COOKIE,
            str(token),
            max_age=COOKIE_DAYS * 24 * 3600,
            httponly=True,
            samesite="Strict",
            secure=request.secure,
        )
        return response

    async def handle_full(self, request: web.Request) -> web.Response:
        return self.full_page()

    def full_page(self) -> web.Response:
        text = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Goldilocks is full</title>"
            "<style>body{background:#1A1311;color:#EDE3D9;font:18px/1.5 monospace;"
            "display:flex;align-items:center;justify-content:center;height:90vh}</style>"
            "</head><body><div><h1>Goldilocks is full</h1>"
            f"<p>{self.max_players} players are playing now, the most this server takes.</p>"
            "<p>Try again in a few minutes: reload this page.</p></div></body></html>"
        )
        return web.Response(text=text, content_type="text/html", status=503)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One game per websocket, in the visitor's own folder; refused when full."""
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        token = request.cookies.get(COOKIE)
        if self.is_full() or not valid_token(token):
            # (a visitor who came past a full page, or with no cookie from the page)
            await websocket.close(message=b"full" if self.is_full() else b"no player cookie")
            return websocket
        assert token is not None
        folder = visitor_folder(self.players_dir, token)
        (folder / "config").mkdir(parents=True, exist_ok=True)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        game = VisitorGame(
            self.command_for(folder),
            folder / "config",
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.playing += 1
        try:
            await game.start(width, height)
            try:
                await self._process_messages(websocket, game)
            finally:
                await game.stop()
        finally:
            self.playing -= 1
        return websocket


def run_server(
    story_dir: Path | None, players_dir: Path, host: str, port: int, max_players: int
) -> int:
    """Serve until Ctrl+C; the exit status."""
    GameServer(story_dir, players_dir, host=host, port=port, max_players=max_players).serve()
    return 0
