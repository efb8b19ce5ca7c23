"""The scene graph as the choices draw it, whatever their conditions say: which scenes lead to
which, and which a chain of choices reaches from the start."""

from __future__ import annotations

from collections import deque

from game.engine import Story


def successors(story: Story, scene_id: str) -> list[str]:
    """The scenes a scene's choices can lead to, first mention first, each once."""
    seen: dict[str, None] = {}
    for choice in story.scenes[scene_id].choices:
        for target in choice.targets():
            if target in story.scenes:
                seen.setdefault(target, None)
    return list(seen)


def linked_scenes(story: Story) -> set[str]:
    """Scenes some chain of choices leads to from the start, whatever the conditions say."""
    seen = {story.start}
    queue = deque([story.start])
    while queue:
        for target in successors(story, queue.popleft()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def predecessors(story: Story) -> dict[str, list[str]]:
    """For each scene, the scenes with a choice leading to it (once per such choice)."""
    before: dict[str, list[str]] = {s: [] for s in story.scenes}
    for scene_id, scene in story.scenes.items():
        for choice in scene.choices:
            for target in choice.targets():
                if target in before:
                    before[target].append(scene_id)
    return before


def links_to(before: dict[str, list[str]], wanted: set[str]) -> dict[str, int]:
    """For each scene from which a chain of choices leads to one of `wanted`, the fewest links
    to the nearest (0 for the wanted themselves); `before` is `predecessors`."""
    found = dict.fromkeys(wanted, 0)
    layer = list(wanted)
    distance = 0
    while layer:  # breadth-first, a layer of scenes one link farther at a time
        distance += 1
        ahead: list[str] = []
        for scene_id in layer:
            for source in before[scene_id]:
                if source not in found:
                    found[source] = distance
                    ahead.append(source)
        layer = ahead
    return found
