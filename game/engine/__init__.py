"""The story engine: pure Python, no terminal, no textual.

Front ends import from here: load a story, make an `Engine`, and play `GameState`s through it.

The names are imported when first asked for (PEP 562), not with the package: a submodule such
as `game.engine.cover`, which a warm start reads before its first frame, must be importable
without the loader, the story model and pydantic coming with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.engine.errors import StoryError, StoryErrors, StoryRuntimeError
    from game.engine.loader import load_story
    from game.engine.machine import ChoiceUnavailable, Engine
    from game.engine.model import Story
    from game.engine.state import GameState
    from game.engine.view import ChoiceView, EndingView, SceneView

_WHERE = {
    "ChoiceUnavailable": "machine",
    "ChoiceView": "view",
    "EndingView": "view",
    "Engine": "machine",
    "GameState": "state",
    "SceneView": "view",
    "Story": "model",
    "StoryError": "errors",
    "StoryErrors": "errors",
    "StoryRuntimeError": "errors",
    "load_story": "loader",
}

__all__ = [
    "ChoiceUnavailable",
    "ChoiceView",
    "EndingView",
    "Engine",
    "GameState",
    "SceneView",
    "Story",
    "StoryError",
    "StoryErrors",
    "StoryRuntimeError",
    "load_story",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'game.engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"game.engine.{module}"), name)
    globals()[name] = value  # found once: later lookups never come back here
    return value
