"""The few places the game leans on a library's private API, each kept for a measured reason
(written beside the override), and each guarded here: when the library changes what the override
relies on, this says which file to look at instead of letting the game break quietly.

- Textual's `Widget._size_updated` (game/tui/widgets/containers.py, choice_list.py): a container
  whose size changed is not laid out a second time; that second layout cost 20-30 ms a move.
- pydantic's BaseModel slots, written through their descriptors by the cache's unpickler
  (game/engine/cache.py): a warm load rebuilds every model in one call each.
- Textual's `set_reactive` for the theme (game/tui/app.py) is public API: no guard needed beyond
  the theme tests. PyYAML's `resolve` was overridden once; measured to buy nothing, it went.
"""

from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel
from textual.widget import Widget

from game.engine.model import Choice


def test_textual_still_has_the_size_hook_the_settled_containers_override() -> None:
    hook = getattr(Widget, "_size_updated", None)
    assert hook is not None, (
        "Textual no longer has Widget._size_updated: game/tui/widgets/containers.py and "
        "choice_list.py override it; find the new hook or drop the overrides"
    )
    parameters = list(inspect.signature(hook).parameters)
    assert parameters == ["self", "size", "virtual_size", "container_size", "layout"], (
        f"Textual changed Widget._size_updated's parameters to {parameters}: update the "
        "overrides in game/tui/widgets/containers.py and choice_list.py"
    )


@pytest.mark.parametrize(
    "slot", ["__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"]
)
def test_pydantic_still_keeps_the_slots_the_cache_writes(slot: str) -> None:
    descriptor = BaseModel.__dict__.get(slot)
    assert descriptor is not None and hasattr(descriptor, "__set__"), (
        f"pydantic's BaseModel no longer has the {slot} slot: game/engine/cache.py writes it "
        "when it rebuilds models from a cache entry; rebuild them the way pydantic's own "
        "__setstate__ now does"
    )


def test_a_model_rebuilt_through_the_slots_equals_one_pydantic_made() -> None:
    from game.engine.cache import _model

    made = Choice.model_validate({"label": "Go", "goto": "next"})
    fields = dict(made.__dict__)
    rebuilt = _model(Choice, fields, set(made.model_fields_set))
    assert rebuilt == made
    assert rebuilt.model_fields_set == made.model_fields_set
    assert rebuilt.model_dump() == made.model_dump()
