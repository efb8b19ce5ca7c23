"""Shared test helpers: small stories written into a temp folder, and the fixture stories."""

from __future__ import annotations

import asyncio
import functools
import textwrap
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest

from game.engine import Engine, load_story

FIXTURES = Path(__file__).parent / "fixtures"
STARTER = FIXTURES / "starter"

MINIMAL_MANIFEST = """\
title: Test
start: a
vars:
  trust: {initial: 2, min: 0, max: 5, label: Trust, show: true}
  flag: {initial: false}
  place: {initial: earth, values: [earth, mars]}
endings:
  done: {title: Done, kind: other}
"""

StoryWriter = Callable[..., Path]


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, whatever the machine's locale, and leaves the game's
    interface language as it found it (it is chosen once per process, as a front end starts)."""
    from game.engine.interface_text import use_languages

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    use_languages([])
    yield
    use_languages([])


@pytest.fixture
def write_story(tmp_path: Path) -> StoryWriter:
    """Write a story folder from file name -> YAML text (dedented) and return its path.

    `story.yaml` defaults to a small manifest with three variables and one ending.
    """

    def write(files: dict[str, str] | None = None, **named: str) -> Path:
        folder = tmp_path / "story"
        folder.mkdir(exist_ok=True)
        contents = {"story.yaml": MINIMAL_MANIFEST, **(files or {}), **named}
        for name, text in contents.items():
            (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return folder

    return write


@pytest.fixture
def starter_engine() -> Engine:
    return Engine(load_story(STARTER, display_root="starter"))


def playtest(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async pilot test in its own event loop (no pytest async plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def record_notices(app: Any) -> list[str]:
    """Everything the game tells the player (`GoldilocksApp.tell`: the line above the choices
    on the play screen, a toast elsewhere), in order."""
    notices: list[str] = []
    original = app.tell

    def tell(message: str, **options: Any) -> None:
        notices.append(message)
        original(message, **options)

    app.tell = tell
    return notices
