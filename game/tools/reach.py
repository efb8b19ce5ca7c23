"""Starting play at any scene (`--at SCENE`), in a state a player could really be in.

The engine's beam search (`game.engine.paths`) finds a shortest path to most scenes at once; the
few that need a particular combination of values are found by the search `check` makes, then, if
need be, by the walk of every state `check --exhaustive` makes, so `--at` reaches every scene
`check` calls reachable.
"""

from __future__ import annotations

from game.engine import Engine, GameState
from game.engine.paths import replay, shortest_paths


def state_at(engine: Engine, scene_id: str, seed: int = 0) -> GameState:
    """A new game's state at `scene_id`, by a shortest path found; KeyError if none reaches it."""
    paths = shortest_paths(engine, seed=seed)
    if scene_id not in paths:
        from game.tools.check import SEARCH_PLAYTHROUGHS
        from game.tools.explore import Explorer

        search = Explorer(engine.story, merge=False)
        search.seek(playthroughs=SEARCH_PLAYTHROUGHS)
        paths = search.shortest_paths()
        if scene_id not in paths:
            explorer = Explorer(engine.story)
            explorer.explore()
            paths = explorer.shortest_paths()
        if scene_id not in paths:
            raise KeyError(scene_id)
    return replay(engine, paths[scene_id], seed=seed)


def unknown_scene(engine: Engine, scene_id: str) -> str | None:
    """None when `scene_id` is a scene; else the one line `--at` answers with: scenes are
    named by their YAML ids, and the nearest ones are offered."""
    scenes = engine.story.scenes
    if scene_id in scenes:
        return None
    new = engine.story.manifest.renamed.get(scene_id)
    if new is not None:
        return (
            f"--at {scene_id}: there is no scene '{scene_id}': it was renamed to '{new}' "
            f"(use --at {new})"
        )
    from game.engine.validation import nearest

    titled = [key for key, scene in scenes.items() if scene.title.casefold() == scene_id.casefold()]
    close = titled or nearest(scene_id, scenes)
    if titled:
        offer = f" ('{scene_id}' is the title of {', '.join(titled)}: use --at {titled[0]})"
    else:
        offer = f" (nearest: {', '.join(close)})" if close else ""
    return (
        f"--at {scene_id}: there is no scene '{scene_id}'; a scene is named by its id, "
        f"the key it has in the story's YAML{offer}"
    )
