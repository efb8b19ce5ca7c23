"""Where a node sits inside one YAML document: its keys and list indexes from the top.

`("choices", 1, "goto")` is the `goto` of a scene's second choice. Every message that points at a
place in a story file (the loader's, the checker's, the translator's) names that place this way.
"""

from __future__ import annotations

NodePath = tuple[str | int, ...]
