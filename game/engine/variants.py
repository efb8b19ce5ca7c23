"""Text variants: a phrase that changes from one visit of a scene to the next, in the spirit of
ink's `{stopping}`, `{&cycle}`, `{!once}` and `{~shuffle}`, as helpers a template calls:

    {{ sequence('A door.', 'The door again.', 'That door.') }}   the last one stays
    {{ cycle('Rain.', 'Sun.') }}                                 round and round
    {{ once('A first look.', 'A second.') }}                     then nothing
    {{ shuffle('Dust.', 'Wind.', 'Silence.') }}                  one at random

Each reads how many times the player has arrived at the scene showing it. `shuffle` draws from
the game's seeded generator, mixed with the scene and that count, without advancing it: the same
seed and choices show the same words, and showing a scene again never changes what comes next.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from game.engine.state import next_random

NAMES = ("sequence", "cycle", "once", "shuffle")


@lru_cache(maxsize=4096)
def text_variants(scene_id: str, visits: int, rng: int) -> dict[str, Callable[..., Any]]:
    """The four helpers for a scene seen for the `visits`-th time, with the game's `rng`
    (one set per such triple: what a text shows depends on exactly these, and the explorer's
    memo of what a text showed is keyed on the helpers it reads). Not to be changed."""
    nth = max(visits, 1) - 1  # 0 on the first visit (and outside any scene)

    def sequence(*items: Any) -> Any:
        return items[min(nth, len(items) - 1)] if items else ""

    def cycle(*items: Any) -> Any:
        return items[nth % len(items)] if items else ""

    def once(*items: Any) -> Any:
        return items[nth] if nth < len(items) else ""

    def shuffle(*items: Any) -> Any:
        if not items:
            return ""
        mixed = (rng ^ zlib.crc32(f"{scene_id}:{nth}".encode())) & 0xFFFFFFFFFFFFFFFF
        _, draw = next_random(mixed)
        return items[int(draw * len(items))]

    return {"sequence": sequence, "cycle": cycle, "once": once, "shuffle": shuffle}
