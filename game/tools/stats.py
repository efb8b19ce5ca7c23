"""How much story there is: words of scene text, as an author (and the story issue) counts them."""

from __future__ import annotations

import re

from game.engine import Story

# Jinja2 statements, comments and output: none of them is prose a reader counts.
_JINJA = re.compile(r"\{%.*?%\}|\{#.*?#\}|\{\{.*?\}\}", re.DOTALL)
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")


def count_words(text: str) -> int:
    """Words in a piece of scene text: every `{% if %}` branch counts, Jinja2 tags and Markdown
    marks do not; "Helios's", "light-delay" and "2003" are one word each."""
    return len(_WORD.findall(_JINJA.sub(" ", text)))


def story_words(story: Story) -> int:
    """Words of scene text across the whole story (titles, labels and timeline not counted)."""
    return sum(count_words(scene.text) for scene in story.scenes.values())
