"""The TUI's figures, each against a bare Textual app doing the least the same screen needs.

Start: from the first line of a fresh process (imports included, as a player waits for them) to
the end of the first `pilot.pause()` under `App.run_test`. Ours builds the game with the factory
the real command uses (`build_app`), on the shipped story when it loads (else the starter
fixture); the floor is an app with a Static and a Footer.

Key to frame: rounds of 50 keys, ours and the floor's in turn. `pilot.press` waits for idle
twice and has a floor of its own of 60-85 ms, so it cannot time a keypress. Instead the key is
posted to the app the way the driver posts it, and the clock stops at the first frame the
compositor hands to `App._display` that holds the whole new scene: the start of its text and of
its first choice's label (the play screen may show the new text a frame before the rest; that
earlier time is recorded too). The floor is the same bare app whose key handler calls
`Markdown.update` with the same texts, in the same order.

    python bench/tui_bench.py start ours|floor STORY CACHE   (prints seconds)
    python bench/tui_bench.py keys STORY CACHE PRESSES ROUNDS (prints the times as JSON)
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before any import below: the start figure includes imports

import asyncio  # noqa: E402
import inspect  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZE = (100, 30)
STARTER = ROOT / "tests" / "fixtures" / "starter"
SHIPPED = ROOT / "scenes"


def unavailable() -> str:
    """Why the TUI cannot be measured yet ('' when it can)."""
    try:
        from game.tui.app import build_app
    except Exception as exc:  # the TUI is being written by someone else: say what stops it
        return f"not measured: game.tui.app cannot be imported ({exc})"
    try:
        build_app(STARTER, seed=1)
    except Exception as exc:
        return f"not measured: build_app fails on tests/fixtures/starter ({exc})"
    return ""


def start_story() -> Path:
    """The shipped story when it loads (what `goldilocks` starts), else the starter fixture."""
    from game.engine import StoryErrors, load_story

    try:
        load_story(SHIPPED)
    except StoryErrors:
        return STARTER
    return SHIPPED


def build(story: Path, cache: Path | None, **options: Any) -> Any:
    """The real game app, through the real factory (with the cache when the factory takes one)."""
    from game.tui.app import build_app

    if cache is not None and "cache_dir" in inspect.signature(build_app).parameters:
        options["cache_dir"] = cache
    return build_app(story, **options)


def bare_app(texts: list[str] | None = None) -> Any:
    """The floor: a Static and a Footer, and a Markdown the key `1` fills with the next text."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Footer, Markdown, Static

    class Bare(App[None]):
        BINDINGS = [Binding("1", "next", "Next")]  # noqa: RUF012

        def __init__(self) -> None:
            super().__init__()
            self.texts = list(texts or [])

        def compose(self) -> ComposeResult:
            yield Static("Goldilocks")
            if texts is not None:
                yield Markdown("")
            yield Footer()

        def action_next(self) -> None:
            self.query_one(Markdown).update(self.texts.pop(0))

    return Bare()


async def first_frame(kind: str, story: Path, cache: Path) -> float:
    app = bare_app() if kind == "floor" else build(story, cache, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - STARTED


# -- key to frame ----------------------------------------------------------------------------------


class FrameWatch:
    """Notes when frames reach the app's display: the first that holds the first of `markers`
    (the new text), and the first that holds them all (the whole new scene)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.markers: list[str] = []
        self.seen = asyncio.Event()
        self.first_at = 0.0
        self.at = 0.0
        show = app._display

        def display(screen: Any, renderable: Any) -> None:
            now = time.perf_counter()
            show(screen, renderable)
            if self.markers and renderable is not None and not self.seen.is_set():
                text = (
                    renderable.render_segments(app.console)
                    if hasattr(renderable, "render_segments")
                    else str(renderable)
                )
                if not self.first_at and self.markers[0] in text:
                    self.first_at = now
                if all(marker in text for marker in self.markers):
                    self.at = now
                    self.seen.set()

        app._display = display

    async def press(self, key: str, markers: list[str]) -> tuple[float, float]:
        """(seconds to the first frame with the new text, seconds to the whole new scene)."""
        from textual import events

        self.markers = markers
        self.first_at = 0.0
        self.seen.clear()
        event = events.Key(key, key)
        event.set_sender(self.app)
        start = time.perf_counter()
        self.app._driver.send_message(event)
        await asyncio.wait_for(self.seen.wait(), timeout=10)
        return self.first_at - start, self.at - start


def _marker(text: str) -> str:
    """The first words of a scene's text (or label): what shows that it is on screen."""
    return " ".join(text.split()[:4])


# A move: the choice number pressed, the new scene's text, and its first choice's label.
Move = tuple[int, str, str]


def _route(story: Path, presses: int) -> list[Move]:
    """The moves of `presses` choices that never reach an ending."""
    from game.engine import Engine, load_story

    engine = Engine(load_story(story))
    state = engine.new_game(seed=1)
    route: list[Move] = []
    while len(route) < presses:
        for number, choice in enumerate(engine.view(state).choices, start=1):
            after = engine.choose(state, number - 1) if choice.enabled else None
            if after is not None and not engine.is_over(after):
                view = engine.view(after)
                route.append((number, view.text, view.choices[0].label))
                state = after
                break
        else:
            raise RuntimeError("the bench story has a scene whose every way on ends the game")
    return route


async def _ours(story: Path, cache: Path, route: list[Move]) -> list[tuple[float, float]]:
    """Per move: to the new text, and to the whole new scene (its text and its choices: the
    frame that holds the first words of both the text and the first choice's label)."""
    app = build(story, cache, seed=1)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        app.action_new_game()
        await pilot.pause()
        watch = FrameWatch(app)
        for number, text, label in route:
            times.append(await watch.press(str(number), [_marker(text), _marker(label)]))
            await pilot.pause()
    return times


async def _floor(route: list[Move]) -> list[float]:
    app = bare_app([text for _, text, _ in route])
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        watch = FrameWatch(app)
        for _, text, _ in route:
            times.append((await watch.press("1", [_marker(text)]))[1])
            await pilot.pause()
    return times


def key_to_frame(story: Path, cache: Path, presses: int, rounds: int) -> dict[str, list[float]]:
    """Rounds of `presses` keys, ours and the floor's in turn (so that a busy spell of the
    machine hits both), after one warm-up round of each. Per round, the median seconds from a
    key to the frame with the whole new scene ("ours"), to the first frame with its text
    ("ours, text"), and the floor's to its new text; and every key's time ("... keys")."""
    route = _route(story, presses)
    asyncio.run(_ours(story, cache, route)), asyncio.run(_floor(route))
    found: dict[str, list[float]] = {
        name: [] for name in ("ours", "ours, text", "floor", "ours keys", "floor keys")
    }
    for _ in range(rounds):
        floor = asyncio.run(_floor(route))
        ours = asyncio.run(_ours(story, cache, route))
        found["floor"].append(statistics.median(floor))
        found["ours"].append(statistics.median(w for _, w in ours))
        found["ours, text"].append(statistics.median(t for t, _ in ours))
        found["floor keys"].extend(floor)
        found["ours keys"].extend(w for _, w in ours)
    return found


if __name__ == "__main__":
    if sys.argv[1:2] == ["keys"]:
        _, _, story_arg, cache_arg, presses, rounds = sys.argv
        found = key_to_frame(Path(story_arg), Path(cache_arg), int(presses), int(rounds))
        print(json.dumps(found))
        raise SystemExit(0)
    _, command, kind, story_arg, cache_arg = sys.argv
    if command != "start":
        raise SystemExit(f"unknown command {command!r}")
    story = Path(story_arg)
    print(asyncio.run(first_frame(kind, story, Path(cache_arg))))
