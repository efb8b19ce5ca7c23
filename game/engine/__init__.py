"""The story engine: pure Python, no terminal, no textual.

Front ends import from here: load a story, make an `Engine`, and play `GameState`s through it.
"""

from game.engine.errors import StoryError, StoryErrors, StoryRuntimeError
from game.engine.loader import load_story
from game.engine.machine import ChoiceUnavailable, Engine
from game.engine.model import Story
from game.engine.state import GameState
from game.engine.view import ChoiceView, EndingView, SceneView

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
