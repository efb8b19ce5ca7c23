"""`goldilocks graph`: valid Graphviz DOT and valid Mermaid, with what the issue asks drawn in."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pydot
import pytest
import yaml

from game.cli import main
from game.engine import StoryErrors, load_story
from game.tools.graph import coverage_of, to_dot, to_mermaid

# pydot's parser still calls pyparsing's old camelCase names
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated - use:DeprecationWarning")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
STARTER = FIXTURES / "starter"

# Text an author may well type, and every character DOT or Mermaid could read as syntax.
AWKWARD = 'Say "end" | <b>bold</b> & #1; {x} [y] `z` back\\slash; -->o x--'


def awkward_story(folder: Path) -> Path:
    folder.mkdir()
    (folder / "story.yaml").write_text(
        "title: 'Quotes \"and\" more'\nstart: end\nvars: {}\n"
        "endings: {graph: {title: 'subgraph \"digraph\"'}}\n"
    )
    scenes = {
        "end": {"title": AWKWARD, "choices": [{"label": AWKWARD, "goto": "node"}]},
        "node": {"title": "node", "choices": [{"label": "edge -> strict", "goto": "o_x"}]},
        "o_x": {"title": "graph", "end": "graph"},
    }
    (folder / "scenes.yaml").write_text(yaml.safe_dump(scenes))
    return folder


def graph(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["graph", *args]) == 0
    return capsys.readouterr().out


# -- DOT ------------------------------------------------------------------------------------


def parse_dot(text: str) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs, "pydot could not parse the DOT output"
    return graphs[0]


def dot_nodes(dot: pydot.Dot) -> dict[str, pydot.Node]:
    found = {}
    for node in dot.get_nodes():
        found[node.get_name().strip('"')] = node
    for sub in dot.get_subgraphs():
        for node in sub.get_nodes():
            found[node.get_name().strip('"')] = node
    return found


def unquote(value: str) -> str:
    """A DOT quoted string back to its text."""
    assert value.startswith('"') and value.endswith('"')
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value[1:-1])


def test_dot_parses_and_has_every_scene_and_choice() -> None:
    story = load_story(STARTER)
    dot = parse_dot(to_dot(story))
    nodes = dot_nodes(dot)
    assert set(story.scenes) <= set(nodes)
    edges = [e for e in dot.get_edges() if e.get_source().strip('"') != "__start"]
    # one edge per plain choice, one per outcome of a random one
    assert len(edges) == 12


def test_dot_labels_scenes_with_titles_and_edges_with_choice_text() -> None:
    dot = parse_dot(to_dot(load_story(STARTER)))
    assert unquote(dot_nodes(dot)["hangar"].get("label")) == "The hangar"
    labels = {unquote(e.get("label")).replace("\n", " ") for e in dot.get_edges() if e.get("label")}
    assert "Back Dev's plan" in labels
    assert "Try the hack without the codes (chance 2)" in labels


def test_dot_endings_have_their_own_shape_and_the_start_an_arrow() -> None:
    dot = parse_dot(to_dot(load_story(STARTER)))
    nodes = dot_nodes(dot)
    assert nodes["caught"].get("shape") == "doubleoctagon"
    assert "[ending: In Custody]" in unquote(nodes["caught"].get("label"))
    assert nodes["hangar"].get("shape") is None
    assert any(
        e.get_source() == '"__start"' and e.get_destination() == '"briefing"'
        for e in dot.get_edges()
    )


def test_dot_conditional_choices_are_dashed() -> None:
    dot = parse_dot(to_dot(load_story(STARTER)))
    styles = {unquote(e.get("label")): e.get("style") for e in dot.get_edges() if e.get("label")}
    assert styles["Ask Margo to take the blame"] == "dashed"  # if:
    assert styles["Sell the codes to the KGB"] == "dashed"  # enabled_if:
    assert styles["Copy the capture codes"] is None


def test_dot_escapes_awkward_text(tmp_path: Path) -> None:
    story = load_story(awkward_story(tmp_path / "s"))
    dot = parse_dot(to_dot(story))
    nodes = dot_nodes(dot)
    assert set(nodes) >= {"end", "node", "o_x"}  # keywords as ids are quoted
    assert unquote(nodes["end"].get("label")).replace("\n", " ") == AWKWARD
    labels = [unquote(e.get("label")).replace("\n", " ") for e in dot.get_edges() if e.get("label")]
    assert AWKWARD in labels


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
@pytest.mark.parametrize("coverage", [False, True])
def test_dot_renders_with_graphviz(tmp_path: Path, coverage: bool) -> None:
    stories = [STARTER, awkward_story(tmp_path / "s")]
    if (ROOT / "scenes" / "story.yaml").exists():
        stories.append(ROOT / "scenes")
    for folder in stories:
        try:
            story = load_story(folder)
        except StoryErrors:
            continue
        text = to_dot(story, coverage_of(story, max_states=2_000) if coverage else None)
        done = subprocess.run(
            ["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert "<svg" in done.stdout
        assert "Warning" not in done.stderr and "Error" not in done.stderr, done.stderr


# -- Mermaid --------------------------------------------------------------------------------

ID = r"s_[a-z][a-z0-9_]*"
LABEL = r'"(?:[^"]*)"'
STATEMENTS = {
    "subgraph": re.compile(rf"^  subgraph file_\d+\[{LABEL}\]$"),
    "end": re.compile(r"^  end$"),
    "node": re.compile(rf"^    {ID}(?:\({LABEL}\)|\{{\{{{LABEL}\}}\}})$"),
    "start": re.compile(rf'^  start_\(\("start"\)\) --> {ID}$'),
    "link": re.compile(rf"^  ({ID}) (-->|-\.->)\|({LABEL})\| ({ID})$"),
    "comment": re.compile(r"^  %% .*$"),
    "classDef": re.compile(r"^  classDef [a-z]+ [a-z-]+:[^,;]+(?:,[a-z-]+:[^,;]+)*$"),
    "class": re.compile(rf"^  class {ID}(?:,{ID})* [a-z]+$"),
    "linkStyle": re.compile(r"^  linkStyle \d+(?:,\d+)* [a-z-]+:[^ ;]+(?:,[a-z-]+:[^,;]+)*$"),
}


def mermaid_statements(text: str) -> list[tuple[str, re.Match[str]]]:
    """Each line of Mermaid output, checked against the statements it may be: a strict
    reading of the flowchart grammar for what the graph command writes."""
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "flowchart TD"
    found = []
    for line in lines[1:]:
        kinds = [(k, m) for k, r in STATEMENTS.items() if (m := r.match(line))]
        assert kinds, f"not a Mermaid statement the graph command writes: {line!r}"
        found.append(kinds[0])
    return found


def decode(label: str) -> str:
    """A quoted Mermaid label back to its text (entity codes, <br/> line breaks)."""
    inner = label[1:-1]
    assert '"' not in inner
    unsafe = set('"<>|#`[]{}&\\')
    body = inner.replace("<br/>", "\n")
    assert not (set(re.sub(r"#\d+;", "", body)) & unsafe), f"unescaped syntax in {label}"
    return html.unescape(re.sub(r"#(\d+);", r"&#\1;", body))


def test_mermaid_is_a_flowchart_of_known_statements() -> None:
    story = load_story(STARTER)
    found = mermaid_statements(to_mermaid(story, coverage_of(story)))
    kinds = [k for k, _ in found]
    assert kinds.count("subgraph") == kinds.count("end") == 1
    assert kinds.count("node") == len(story.scenes)
    assert kinds.count("link") == 12


def test_mermaid_links_join_declared_nodes_and_styles_name_real_links() -> None:
    story = load_story(STARTER)
    found = mermaid_statements(to_mermaid(story, coverage_of(story)))
    declared = {m.group(0).split("(")[0].split("{")[0].strip() for k, m in found if k == "node"}
    links = [m for k, m in found if k == "link"]
    for link in links:
        assert link.group(1) in declared and link.group(4) in declared
    total = len(links) + 1  # and the start arrow
    for kind, match in found:
        if kind == "linkStyle":
            numbers = match.group(0).split()[1].split(",")
            assert all(0 <= int(n) < total for n in numbers)
        if kind == "class":
            assert set(match.group(0).split()[1].split(",")) <= declared


def test_mermaid_labels_decode_to_the_authors_text(tmp_path: Path) -> None:
    story = load_story(awkward_story(tmp_path / "s"))
    found = mermaid_statements(to_mermaid(story))
    nodes = {
        m.group(0).strip().split("(")[0].split("{")[0]: m.group(0) for k, m in found if k == "node"
    }
    assert set(nodes) == {"s_end", "s_node", "s_o_x"}  # ids never bare keywords
    title = re.search(LABEL, nodes["s_end"])
    assert title is not None and decode(title.group(0)).replace("\n", " ") == AWKWARD
    labels = [decode(m.group(3)).replace("\n", " ") for k, m in found if k == "link"]
    assert AWKWARD in labels and "edge -> strict" in labels


def test_mermaid_endings_and_conditional_choices_are_drawn_apart() -> None:
    text = to_mermaid(load_story(STARTER))
    assert '    s_caught{{"Caught<br/>#91;ending: In Custody#93;"}}' in text
    assert "  class s_red_harbour,s_earth_orbit,s_caught ending" in text
    assert '  s_hangar -.->|"Ask Margo to take the blame"| s_burn' in text
    assert '  s_hangar -->|"Copy the capture codes"| s_hangar_codes' in text


# -- coverage and the command ----------------------------------------------------------------


def test_coverage_marks_what_is_never_reached(capsys: pytest.CaptureFixture[str]) -> None:
    out = graph(capsys, str(FIXTURES / "lint_reach"), "--coverage")
    nodes = dot_nodes(parse_dot(out))
    assert "(never reached)" in unquote(nodes["island"].get("label"))
    assert "(never reached)" in unquote(nodes["vault"].get("label"))
    assert "filled" in nodes["start"].get("style")
    out = graph(capsys, str(FIXTURES / "lint_reach"), "--coverage", "--format", "mermaid")
    assert "  class s_vault,s_locked_end,s_island never" in out


def test_coverage_colours_taken_and_impossible_edges(capsys: pytest.CaptureFixture[str]) -> None:
    dot = parse_dot(graph(capsys, str(STARTER), "--coverage"))
    colours = {unquote(e.get("label")): e.get("color") for e in dot.get_edges() if e.get("label")}
    assert colours["Back Dev's plan"] == '"#2e7d32"'
    assert colours["Go back to Dev"] == '"#c00000"'  # enabled_if never true there


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "story.mmd"
    assert main(["graph", str(STARTER), "--format", "mermaid", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text().startswith("flowchart TD\n")


def test_unwritable_output_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "story.dot"
    assert main(["graph", str(STARTER), "--output", str(target)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("goldilocks graph: cannot write") and "\n" not in err


def test_broken_story_prints_its_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "story.yaml").write_text("title: T\nstart: nowhere\n")
    assert main(["graph", str(tmp_path)]) == 1
    assert "the start scene 'nowhere' is not a scene" in capsys.readouterr().err
