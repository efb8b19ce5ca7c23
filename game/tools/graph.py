"""`goldilocks graph`: the scene graph as Graphviz DOT or Mermaid, Twine's story map for YAML.

Scenes are nodes labelled with their titles, grouped by the file they are in; ending scenes have a
shape of their own; each choice is an edge labelled with its text (a random choice, one edge per
outcome); a choice with `if` or `enabled_if` is drawn dashed. With `--coverage`, what exploring
(and, when a story has too many states, random playthroughs) reached is shaded, and what can never
happen is marked in red.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from game.engine import Story, StoryErrors, load_story
from game.tools.explore import DEFAULT_MAX_STATES
from game.tools.lint import Possible

WRAP = 28  # edge and node labels are wrapped at this many characters
PLAYTHROUGHS = 1_000  # for --coverage, when exploring could not cover every state


@dataclass(frozen=True)
class SceneNode:
    id: str
    title: str
    file: str
    ending: str | None  # the ending's title, for an ending scene
    start: bool


@dataclass(frozen=True)
class ChoiceEdge:
    source: str
    target: str
    label: str
    conditional: bool
    choice: int
    outcome: int | None


@dataclass(frozen=True)
class Coverage:
    """What exploring reached, and what can never happen (exactly so when exploring was
    complete; otherwise 'never' is what the value sets rule out, and the rest is unknown)."""

    reached: set[str]
    possible: set[str]
    taken: set[tuple[str, int, int | None]]
    possible_edges: set[tuple[str, int, int | None]]

    def scene(self, scene_id: str) -> str:
        if scene_id in self.reached:
            return "reached"
        return "never" if scene_id not in self.possible else "unknown"

    def edge(self, edge: ChoiceEdge) -> str:
        key = (edge.source, edge.choice, edge.outcome)
        if key in self.taken:
            return "reached"
        return "unknown" if key in self.possible_edges else "never"


def scene_graph(story: Story) -> tuple[list[SceneNode], list[ChoiceEdge]]:
    nodes = []
    edges = []
    for scene_id, scene in story.scenes.items():
        ending = story.endings[scene.end].title if scene.end in story.endings else None
        file = Path(story.scene_file(scene_id)).name
        nodes.append(SceneNode(scene_id, scene.title, file, ending, scene_id == story.start))
        for index, choice in enumerate(scene.choices):
            conditional = choice.if_ is not None or choice.enabled_if is not None
            label = " ".join(choice.label.split())
            if choice.outcomes is None:
                assert choice.goto is not None
                edges.append(ChoiceEdge(scene_id, choice.goto, label, conditional, index, None))
                continue
            for o_index, outcome in enumerate(choice.outcomes):
                chance = f"{label} (chance {outcome.weight}" + (
                    f" if {outcome.if_})" if outcome.if_ else ")"
                )
                edges.append(
                    ChoiceEdge(scene_id, outcome.goto, chance, conditional, index, o_index)
                )
    return nodes, edges


def coverage_of(story: Story, max_states: int = DEFAULT_MAX_STATES) -> Coverage:
    from game.tools.check import explore_story

    explorer = explore_story(story, max_states=max_states)
    if not explorer.complete:  # random playthroughs reach deep scenes the bound left out
        explorer.playthroughs(PLAYTHROUGHS)
    possible = Possible.of(story, explorer)
    return Coverage(
        explorer.reached_scenes(), possible.scenes, explorer.taken_edges(), possible.edges
    )


# -- Graphviz DOT ---------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def _wrapped(text: str) -> str:
    """Each line of a label wrapped at WRAP characters."""
    return "\n".join("\n".join(textwrap.wrap(line, WRAP)) or line for line in text.split("\n"))


def to_dot(story: Story, coverage: Coverage | None = None) -> str:
    nodes, edges = scene_graph(story)
    lines = [
        "digraph story {",
        f"  label={dot_string(story.title)};",
        "  labelloc=t;",
        '  fontname="Helvetica";',
        "  rankdir=TB;",
        '  node [shape=box, style="rounded", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  "__start" [shape=point, width=0.15, label=""];',
    ]
    files = list(dict.fromkeys(n.file for n in nodes))
    for number, file in enumerate(files):
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f"    label={dot_string(file)};")
        lines.append('    style="dashed"; color="gray60"; fontcolor="gray40";')
        for node in (n for n in nodes if n.file == file):
            lines.append(f"    {dot_string(node.id)} [{_dot_node(node, coverage)}];")
        lines.append("  }")
    start = next(n.id for n in nodes if n.start) if any(n.start for n in nodes) else None
    if start is not None:
        lines.append(f'  "__start" -> {dot_string(start)};')
    for edge in edges:
        lines.append(
            f"  {dot_string(edge.source)} -> {dot_string(edge.target)} "
            f"[{_dot_edge(edge, coverage)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node(node: SceneNode, coverage: Coverage | None) -> str:
    label = _wrapped(node.title)
    styles = ["rounded"]
    attributes = []
    if node.ending is not None:
        label += f"\n[ending: {node.ending}]"
        attributes += ["shape=doubleoctagon", 'fillcolor="#f3e2c0"']
        styles = ["filled"]
    if coverage is not None:
        state = coverage.scene(node.id)
        if state == "reached":
            styles.append("filled")
            if node.ending is None:
                attributes.append('fillcolor="#d5f0d5"')
        elif state == "never":
            label += "\n(never reached)"
            styles.append("dashed")
            attributes += ['color="#c00000"', 'fontcolor="#c00000"']
        else:
            styles.append("dotted")
    attributes.insert(0, f"label={dot_string(label)}")
    attributes.append(f'style="{",".join(dict.fromkeys(styles))}"')
    return ", ".join(attributes)


def _dot_edge(edge: ChoiceEdge, coverage: Coverage | None) -> str:
    attributes = [f"label={dot_string(_wrapped(edge.label))}"]
    if edge.conditional:
        attributes.append("style=dashed")
    if coverage is not None:
        state = coverage.edge(edge)
        if state == "reached":
            attributes += ['color="#2e7d32"', "penwidth=1.6"]
        elif state == "never":
            attributes += ['color="#c00000"', 'fontcolor="#c00000"']
        else:
            attributes.append('color="gray60"')
    return ", ".join(attributes)


# -- Mermaid --------------------------------------------------------------------------------

_MERMAID_SAFE = set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?'()-_/+=*"
)


def mermaid_text(text: str) -> str:
    """Text for inside a quoted Mermaid label: every character that could mean something to
    Mermaid (quotes, #, <, >, |, brackets, backticks...) as an entity code (`#35;`)."""
    return "".join(c if c in _MERMAID_SAFE else f"#{ord(c)};" for c in text)


def _mermaid_label(text: str) -> str:
    return '"' + "<br/>".join(mermaid_text(line) for line in _wrapped(text).split("\n")) + '"'


def mermaid_id(scene_id: str) -> str:
    """Scene ids are [a-z][a-z0-9_]*; the prefix keeps Mermaid's keywords (`end`) and edge
    markers (an id starting with `o` or `x` after `--`) out of the way."""
    return f"s_{scene_id}"


def to_mermaid(story: Story, coverage: Coverage | None = None) -> str:
    nodes, edges = scene_graph(story)
    lines = ["flowchart TD", f"  %% {mermaid_text(story.title)}: scene graph"]
    files = list(dict.fromkeys(n.file for n in nodes))
    for number, file in enumerate(files):
        lines.append(f"  subgraph file_{number}[{_mermaid_label(file)}]")
        for node in (n for n in nodes if n.file == file):
            label = node.title if node.ending is None else f"{node.title}\n[ending: {node.ending}]"
            if coverage is not None and coverage.scene(node.id) == "never":
                label += "\n(never reached)"
            text = _mermaid_label(label)
            shape = f"{{{{{text}}}}}" if node.ending is not None else f"({text})"
            lines.append(f"    {mermaid_id(node.id)}{shape}")
        lines.append("  end")
    start = next((n.id for n in nodes if n.start), None)
    links = 0
    link_states: dict[str, list[int]] = {"reached": [], "never": [], "unknown": []}
    if start is not None:
        lines.append(f'  start_(("start")) --> {mermaid_id(start)}')
        links += 1
    for edge in edges:
        arrow = "-.->" if edge.conditional else "-->"
        lines.append(
            f"  {mermaid_id(edge.source)} {arrow}|{_mermaid_label(edge.label)}| "
            f"{mermaid_id(edge.target)}"
        )
        if coverage is not None:
            link_states[coverage.edge(edge)].append(links)
        links += 1
    endings = [mermaid_id(n.id) for n in nodes if n.ending is not None]
    lines.append("  classDef ending fill:#f3e2c0,stroke:#8a6d3b,stroke-width:2px")
    if endings:
        lines.append(f"  class {','.join(endings)} ending")
    if coverage is not None:
        lines.append("  classDef reached fill:#d5f0d5,stroke:#2e7d32")
        lines.append("  classDef never fill:#fff,stroke:#c00000,color:#c00000,stroke-dasharray:5 5")
        lines.append("  classDef unknown stroke-dasharray:2 2")
        for state in ("reached", "never", "unknown"):
            ids = [
                mermaid_id(n.id)
                for n in nodes
                if coverage.scene(n.id) == state and not (n.ending and state == "reached")
            ]
            if ids:
                lines.append(f"  class {','.join(ids)} {state}")
        colours = {
            "reached": "stroke:#2e7d32,stroke-width:2px",
            "never": "stroke:#c00000",
            "unknown": "stroke:#999999",
        }
        for state, numbers in link_states.items():
            if numbers:
                lines.append(f"  linkStyle {','.join(map(str, numbers))} {colours[state]}")
    return "\n".join(lines) + "\n"


# -- the command ----------------------------------------------------------------------------


def run_graph(path: Path, display: str, args: argparse.Namespace) -> int:
    try:
        story = load_story(path, display_root=display)
    except StoryErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 1
    coverage = coverage_of(story) if getattr(args, "coverage", False) else None
    fmt = getattr(args, "format", "dot") or "dot"
    text = to_mermaid(story, coverage) if fmt == "mermaid" else to_dot(story, coverage)
    output = getattr(args, "output", None)
    if not output:
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"goldilocks graph: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
