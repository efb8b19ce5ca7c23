"""What hovering over a name shows: a scene's title, place and first lines; a variable's type,
bounds, label, and where it is set and read; an ending's title and summary."""

from __future__ import annotations

from game.engine.model import dump_value
from game.lsp.index import Place, StoryIndex

_SHOWN_PLACES = 3  # where a variable is set or read: the first few, then a count


def hover_text(index: StoryIndex, word: str) -> str | None:
    """Markdown for a scene id, variable or ending id; None for anything else."""
    kind = index.kind_of(word)
    story = index.story
    if kind == "scene":
        scene = story.scenes[word]
        heading = f"**{scene.title}** (scene `{word}`)"
        where = ", ".join(part for part in (scene.place, str(scene.date or "")) if part)
        first = [line for line in scene.text.strip().splitlines() if line.strip()][:3]
        parts = [heading, where, "\n".join(first)]
        if scene.end:
            parts.append(f"Ending: `{scene.end}`")
        return "\n\n".join(part for part in parts if part)
    if kind == "variable":
        var = story.variables[word]
        kind_word = {bool: "true/false", int: "whole number", str: "text"}[var.kind]
        facts = [f"**{word}**: {kind_word}, initially {dump_value(var.initial)}"]
        if var.min is not None or var.max is not None:
            low = var.min if var.min is not None else "..."
            high = var.max if var.max is not None else "..."
            facts.append(f"bounds {low} to {high}")
        if var.values:
            facts.append("values: " + ", ".join(var.values))
        if var.label:
            facts.append(f"label: {var.label}" + (" (shown to the player)" if var.show else ""))
        sets = index.variable_sets(word)
        reads = [p for p in index.variable_uses(word) if p not in set(sets)]
        facts.append(f"set at {_places(index, sets)}")
        facts.append(f"read at {_places(index, reads)}")
        return "\n\n".join(facts)
    if kind == "ending":
        ending = story.endings[word]
        return f"**{ending.title}** (ending `{word}`, {ending.kind})\n\n{ending.summary or ''}"
    return None


def _places(index: StoryIndex, places: list[Place]) -> str:
    if not places:
        return "no place"
    shown = [f"{p.file.relative_to(index.folder.root)}:{p.line}" for p in places[:_SHOWN_PLACES]]
    more = len(places) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")
