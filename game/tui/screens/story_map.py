"""The story map (`m`): the scene graph as a tree, what the player has seen and where they are.

The tree is a breadth-first spanning tree of the graph from the start scene, taken through the
scenes the player visited first, so their own path reads as one branch; an edge to a scene already
placed elsewhere is a leaf marked `↪`.
Scenes the player has not visited are shown as `???` with their branches folded: the map tells a
player how much there is left to find without telling them what it is.
"""

from __future__ import annotations

from collections import deque
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree
from textual.widgets.tree import TreeNode

from game.engine import GameState, Story
from game.tui.context import game_app
from game.tui.messages import StoryReloaded


def exits(story: Story, scene_id: str) -> list[str]:
    """The scenes a scene's choices can lead to, first mention first, each once."""
    seen: dict[str, None] = {}
    for choice in story.scenes[scene_id].choices:
        for target in choice.targets():
            if target in story.scenes:
                seen.setdefault(target, None)
    return list(seen)


def scene_label(story: Story, state: GameState, scene_id: str, link: bool = False) -> Text:
    """How a scene reads on the map: visited with a tick, the current one marked, others ???.

    `Tree` labels are Rich text, which cannot name theme variables; so the map uses only styles
    that follow the theme by themselves (bold, dim, reverse) and the tree's own cursor colours.
    """
    scene = story.scenes[scene_id]
    visited = state.visit_count(scene_id) > 0
    prefix = "↪ " if link else ""
    if scene_id == state.scene and not link:
        return Text.assemble(
            prefix, ("◉ " + scene.title, "bold reverse"), ("  ← you are here", "bold")
        )
    if visited:
        ending = ("  ◆ ending", "dim") if scene.end is not None else ""
        return Text.assemble(prefix, "✓ ", (scene.title, "bold" if not link else ""), ending)
    return Text.assemble((prefix + "???", "dim"))


class StoryMapScreen(Screen[None]):
    """The map of the story being played, with the cursor on the current scene."""

    # look: screens/story_map.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("m", "close", "Back", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            "Story map — ✓ visited · ◉ you are here · ??? not found yet", classes="screen-title"
        )
        yield Tree[str]("", id="story-map")
        yield Static(id="map-counts")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()

    @on(StoryReloaded)
    def _story_reloaded(self) -> None:
        self.fill()

    def fill(self) -> None:
        session = game_app(self).session
        story = session.story
        state = session.current()
        tree: Tree[str] = self.query_one("#story-map", Tree)
        tree.clear()
        root = tree.root
        root.set_label(scene_label(story, state, story.start))
        root.data = story.start
        placed = {story.start}
        current: TreeNode[str] = root
        # The player's own path first: every visited scene hangs under a visited parent, so
        # the way they came is one unbroken branch; the unknown rest is placed after.
        seen_queue: deque[tuple[str, TreeNode[str]]] = deque([(story.start, root)])
        unseen_queue: deque[tuple[str, TreeNode[str]]] = deque()
        while seen_queue or unseen_queue:
            scene_id, node = seen_queue.popleft() if seen_queue else unseen_queue.popleft()
            if state.visit_count(scene_id) > 0:
                node.expand()
            for target in exits(story, scene_id):
                if target in placed:
                    node.add_leaf(scene_label(story, state, target, link=True), data=target)
                    continue
                placed.add(target)
                has_exits = bool(exits(story, target))
                child = node.add(
                    scene_label(story, state, target), data=target, allow_expand=has_exits
                )
                if target == state.scene:
                    current = child
                visited = state.visit_count(target) > 0
                (seen_queue if visited else unseen_queue).append((target, child))
        # a node's line is known only once the tree has laid itself out
        self.call_after_refresh(tree.move_cursor, current)
        tree.focus()
        seen = sum(1 for scene_id in story.scenes if state.visit_count(scene_id) > 0)
        self.query_one("#map-counts", Static).update(
            f"{seen} of {len(story.scenes)} scenes visited in this game"
        )

    def action_close(self) -> None:
        self.dismiss(None)
