"""What exploring reached: the scenes, their shortest paths, the ways out taken, and the states
from which no ending can be reached."""

from __future__ import annotations

from collections import deque

from game.engine.paths import PathStep
from game.tools.explore.offers import Offers
from game.tools.explore.states import collector_paused


class Reached(Offers):
    """Questions about the explored graph."""

    def reached_scenes(self) -> set[str]:
        """Every scene with a node (as counted when each node was made)."""
        return {scene for scene, count in self.per_scene.items() if count}

    def first_node_at(self) -> dict[str, int]:
        """For each scene reached, the first node found there (the end of a shortest path)."""
        first: dict[str, int] = {}
        for node_id, node in enumerate(self.nodes):
            first.setdefault(node.scene, node_id)
        return first

    def shortest_paths(self) -> dict[str, tuple[PathStep, ...]]:
        return {scene: self.path_to(n) for scene, n in self.first_node_at().items()}

    def taken_edges(self) -> set[tuple[str, int, int | None]]:
        """(scene, choice index, outcome index or None) for every way out the explorer took.
        Every expanded node's ways out are those of its offer, and every offer was worked out
        for a node, so the offers tell it without going over every edge."""
        return {
            (offer[0], way[0], way[1].outcome)
            for offer, ways in self._offers.items()
            for way in ways
        }

    def trapped(self) -> dict[str, int]:
        """Scenes with a state from which no ending can be reached (judged only when complete),
        each with the first such node; soft locks and broken states are reported on their own."""
        if not self.exact:
            return {}
        with collector_paused():
            return self._trapped()

    def _trapped(self) -> dict[str, int]:
        """Nodes are numbered breadth-first, so most ways out lead to a later node: one pass
        from the last node back marks almost every node that can end; only the nodes left
        (loops back to earlier nodes, and the trapped) need the ways into them followed back."""
        nodes = self.nodes
        endings = {s for s, scene in self.story.scenes.items() if scene.end is not None}
        can_end = [node.key[0] in endings for node in nodes]
        left: list[int] = []  # not marked by the pass, from the last
        for node_id in range(len(nodes) - 1, -1, -1):
            if can_end[node_id]:
                continue
            for edge in nodes[node_id].edges or ():
                if can_end[edge.target]:
                    can_end[node_id] = True
                    break
            else:
                left.append(node_id)
        left.reverse()
        back: dict[int, list[int]] = {}
        for node_id in left:
            for edge in nodes[node_id].edges or ():
                back.setdefault(edge.target, []).append(node_id)
        queue = deque(target for target in back if can_end[target])
        while queue:
            for before in back.get(queue.popleft(), ()):
                if not can_end[before]:
                    can_end[before] = True
                    queue.append(before)
        trapped: dict[str, int] = {}
        for node_id in left:
            if not can_end[node_id] and nodes[node_id].edges:
                trapped.setdefault(nodes[node_id].key[0], node_id)
        return trapped
