"""Once-only choices (`once: true`, ink's `*` choices): a choice that disappears once taken.

The author declares no variable: the loader gives each such choice a hidden true/false variable
of its own (`once__<scene>__<n>`, never shown to the player), hides the choice while it is true
and sets it when the choice is taken. Being plain variables, conditions and effects, these are
read by play, saves, `check`'s explorer, the value-set analysis and the audit like any other:
no tool needs to know about `once` to stay sound. Done after validation, so every message
still quotes what the author wrote.
"""

from __future__ import annotations

import dataclasses

from game.engine.model import Choice, Story, Variable

PREFIX = "once__"


def taken_variable(scene_id: str, index: int) -> str:
    """The hidden variable that says whether choice `index` (0-based) of a scene was taken."""
    return f"{PREFIX}{scene_id}__{index}"


def is_hidden_variable(name: str) -> bool:
    return name.startswith(PREFIX)


def with_once_only_choices(story: Story) -> Story:
    """The story with each `once: true` choice guarded by its own hidden variable."""
    added: dict[str, Variable] = {}
    scenes = dict(story.scenes)
    for scene_id, scene in story.scenes.items():
        if not any(choice.once for choice in scene.choices):
            continue
        choices = list(scene.choices)
        for index, choice in enumerate(choices):
            if choice.once:
                name = taken_variable(scene_id, index)
                added[name] = Variable(initial=False)
                choices[index] = _guarded(choice, name)
        scenes[scene_id] = scene.model_copy(update={"choices": choices})
    if not added:
        return story
    manifest = story.manifest.model_copy(update={"vars": {**story.manifest.vars, **added}})
    return dataclasses.replace(story, manifest=manifest, scenes=scenes)


def _guarded(choice: Choice, name: str) -> Choice:
    condition = f"not {name}" if choice.if_ is None else f"({choice.if_}) and not {name}"
    return choice.model_copy(update={"if_": condition, "set_": {**choice.set_, name: True}})
