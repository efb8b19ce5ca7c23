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
        first: dict[int, int] = {}
        for node_id, scene_number in enumerate(self._scene_of):
            if scene_number not in first:
                first[scene_number] = node_id
        names = self._scene_names
        return {names[scene_number]: node_id for scene_number, node_id in first.items()}

    def shortest_paths(self) -> dict[str, tuple[PathStep, ...]]:
        return {scene: self.path_to(n) for scene, n in self.first_node_at().items()}

    def taken_edges(self) -> set[tuple[str, int, int | None]]:
        """(scene, choice index, outcome index or None) for every way out the explorer took.
        Every expanded node's ways out are those of its offer, and every offer was worked out
        for a node, so the offers tell it without going over every edge."""
        return {
            (offer[0], way[0], way[1].outcome) for offer, ways in self._offer_list for way in ways
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
        count, targets, names = self.count, self._targets, self._scene_names
        endings = {n for n, s in enumerate(names) if self.story.scenes[s].end is not None}
        can_end = [scene_number in endings for scene_number in self._scene_of]
        ways_at = self.ways_at
        left: list[int] = []  # not marked by the pass, from the last
        for node_id in range(count - 1, -1, -1):
            if can_end[node_id]:
                continue
            ways, first = ways_at(node_id)
            for n in range(first, first + len(ways)):
                if can_end[targets[n]]:
                    can_end[node_id] = True
                    break
            else:
                left.append(node_id)
        left.reverse()
        back: dict[int, list[int]] = {}
        for node_id in left:
            ways, first = ways_at(node_id)
            for n in range(first, first + len(ways)):
                back.setdefault(targets[n], []).append(node_id)
        queue = deque(target for target in back if can_end[target])
        while queue:
            for before in back.get(queue.popleft(), ()):
                if not can_end[before]:
                    can_end[before] = True
                    queue.append(before)
        trapped: dict[str, int] = {}
        for node_id in left:
            if not can_end[node_id] and ways_at(node_id)[0]:
                trapped.setdefault(names[self._scene_of[node_id]], node_id)
        return trapped
