"""`goldilocks import twee`, construct by construct: what converts, and what is reported as lost.

Each test writes a small Twee story, imports it as an author would, and then looks at the story
that came out the way a player meets it (the engine's view) or an author does (the report).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from game.cli import main
from game.engine import Engine, load_story
from game.engine.state import GameState
from game.engine.view import SceneView
from game.tools.check import check_story


class Imported:
    """The result of one import: exit status, what was printed, and the story folder."""

    def __init__(self, status: int, out: str, err: str, folder: Path) -> None:
        self.status, self.out, self.err, self.folder = status, out, err, folder

    @property
    def report(self) -> str:
        return (self.folder / "IMPORT-REPORT.md").read_text(encoding="utf-8")

    def scenes(self) -> dict[str, dict]:
        found: dict[str, dict] = {}
        for path in self.folder.glob("*.yaml"):
            if path.name != "story.yaml":
                found.update(yaml.safe_load(path.read_text(encoding="utf-8")))
        return found

    def manifest(self) -> dict:
        return yaml.safe_load((self.folder / "story.yaml").read_text(encoding="utf-8"))

    def engine(self) -> Engine:
        return Engine(load_story(self.folder))


@pytest.fixture
def twee(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Import Twee text (dedented) as `story.twee`; extra args go to the command."""

    def run(text: str, *args: str, name: str = "story.twee", out: str = "out") -> Imported:
        source = tmp_path / name
        header = ""
        if text.startswith("::StoryData"):  # the format's header, then the story, indented
            header, text = text.split("\n\n", 1)
            header += "\n\n"
        source.write_text(header + textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        folder = tmp_path / out
        status = main(["import", "twee", str(source), str(folder), *args])
        captured = capsys.readouterr()
        return Imported(status, captured.out, captured.err, folder)

    return run


def view_after(engine: Engine, picks: list[str], seed: int = 1) -> tuple[GameState, SceneView]:
    """Follow choices by their labels from the start; the state and view where they lead."""
    state = engine.new_game(seed=seed)
    for label in picks:
        labels = [c.label for c in engine.view(state).choices]
        assert label in labels, f"{label!r} not among {labels}"
        state = engine.choose(state, labels.index(label))
    return state, engine.view(state)


def labels(view: SceneView) -> list[str]:
    return [c.label for c in view.choices]


def assert_checks_clean(folder: Path) -> None:
    report = check_story(folder, playthroughs=20, max_states=20_000)
    assert report.errors == [], [str(e) for e in report.errors]


HARLOWE = '::StoryData\n{"ifid": "A", "format": "Harlowe", "format-version": "3.3.8"}\n\n'
SUGARCUBE = '::StoryData\n{"ifid": "A", "format": "SugarCube", "format-version": "2.36.1"}\n\n'


# -- links ----------------------------------------------------------------------------------


def test_every_link_form_becomes_a_choice_to_its_passage(twee) -> None:
    result = twee(
        HARLOWE
        + """
        :: Start
        [[Plain]]
        [[Go by pipe|Pipe Target]]
        [[Go by arrow->Arrow Target]]
        [[Back Target<-Go back]]
        [[Empty target|]]

        :: Plain
        p
        :: Pipe Target
        p
        :: Arrow Target
        a
        :: Back Target
        b
        :: Empty target
        e
        """
    )
    assert result.status == 0, result.err
    start = result.scenes()["start"]
    assert [(c["label"], c["goto"]) for c in start["choices"]] == [
        ("Plain", "plain"),
        ("Go by pipe", "pipe_target"),
        ("Go by arrow", "arrow_target"),
        ("Go back", "back_target"),
        ("Empty target", "empty_target"),
    ]
    assert_checks_clean(result.folder)


def test_passage_with_no_link_becomes_an_ending_named_after_it(twee) -> None:
    result = twee(HARLOWE + ":: Start\n[[Leave]]\n\n:: Leave\nYou walk out.\n")
    manifest = result.manifest()
    assert manifest["endings"] == {"leave": {"title": "Leave", "kind": "other"}}
    _, view = view_after(result.engine(), ["Leave"])
    assert view.is_ending and view.title == "Leave"


def test_scene_ids_are_valid_unique_and_keep_the_passage_name_as_title(twee) -> None:
    result = twee(
        HARLOWE + ":: Start\n[[The Cave!]]\n[[the cave]]\n[[42 Doors]]\n\n"
        ":: The Cave!\nx\n:: the cave\ny\n:: 42 Doors\nz\n"
    )
    scenes = result.scenes()
    assert {k: v["title"] for k, v in scenes.items()} == {
        "start": "Start",
        "the_cave": "The Cave!",
        "the_cave_2": "the cave",
        "p_42_doors": "42 Doors",
    }


def test_link_to_a_missing_passage_is_reported_with_its_line_and_left_out(twee) -> None:
    result = twee(HARLOWE + ":: Start\nA door.\n[[Open it|Nowhere]]\n[[Leave]]\n\n:: Leave\nBye.\n")
    assert result.status == 0
    line = "story.twee:6: warning: passage 'Start' links to 'Nowhere', which is not a passage"
    assert line in result.out
    assert [c["label"] for c in result.scenes()["start"]["choices"]] == ["Leave"]
    assert_checks_clean(result.folder)


# -- Harlowe ---------------------------------------------------------------------------------


def test_harlowe_set_at_passage_start_happens_on_arrival(twee) -> None:
    result = twee(
        HARLOWE
        + """
        :: Start
        (set: $gold to 5)(set: $name to "Ada")(set: $brave to true)
        [[Shop]]

        :: Shop
        (set: $gold to it - 2)
        $name has $gold gold.
        [[Start]]
        """
    )
    manifest = result.manifest()
    assert manifest["vars"] == {
        "brave": {"initial": False},
        "gold": {"initial": 0},
        "name": {"initial": ""},
    }
    state, view = view_after(result.engine(), ["Shop"])
    assert "Ada has 3 gold." in view.text
    assert state.values["brave"] is True


def test_harlowe_startup_passage_gives_initial_values(twee) -> None:
    result = twee(
        HARLOWE + ":: Init [startup]\n(set: $health to 20)\n\n:: Start\nHealth: $health\n"
    )
    assert result.manifest()["vars"] == {"health": {"initial": 20}}
    assert "startup" not in result.scenes()
    _, view = view_after(result.engine(), [])
    assert "Health: 20" in view.text


def test_harlowe_if_else_if_else_becomes_conditional_text(twee) -> None:
    result = twee(
        HARLOWE
        + """
        :: Start
        (set: $n to 2)
        (if: $n is 1)[One.](else-if: $n > 1)[Many.](else:)[None.]
        (unless: $n is 2)[Not two.]
        """
    )
    _, view = view_after(result.engine(), [])
    assert "Many." in view.text
    assert "One." not in view.text and "None." not in view.text and "Not two." not in view.text


def test_harlowe_link_with_set_and_goto_is_a_choice_with_effects(twee) -> None:
    result = twee(
        HARLOWE
        + """
        :: Start
        (set: $coins to 3)
        (link: "Pay the ferryman")[(set: $coins to it - 1)(set: $paid to true)(goto: "River")]
        (link-goto: "Swim", "River")

        :: River
        Coins: $coins.
        """
    )
    choice = result.scenes()["start"]["choices"][0]
    assert choice == {
        "label": "Pay the ferryman",
        "goto": "river",
        "set": {"paid": True},
        "add": {"coins": -1},
    }
    state, view = view_after(result.engine(), ["Pay the ferryman"])
    assert "Coins: 2." in view.text and state.values["paid"] is True
    _, view = view_after(result.engine(), ["Swim"])
    assert "Coins: 3." in view.text


def test_harlowe_link_inside_if_is_shown_only_when_it_holds(twee) -> None:
    result = twee(
        HARLOWE
        + """
        :: Start
        [[Take the key->Hall]]
        [[Hall]]

        :: Hall
        (if: (history:) contains "Start" and $key)[ [[Unlock->Vault]] ]
        [[Start]]

        :: Vault
        Gold.
        """
    )
    _, view = view_after(result.engine(), ["Hall"])
    assert labels(view) == ["Start"]
    assert_checks_clean(result.folder)


def test_harlowe_visited_becomes_a_visit_test(twee) -> None:
    result = twee(
        HARLOWE
        + """
        :: Start
        (if: (visited: "Garden"))[You remember the roses.]
        [[Garden]]

        :: Garden
        Roses.
        [[Start]]
        """
    )
    engine = result.engine()
    _, view = view_after(engine, [])
    assert "roses" not in view.text
    _, view = view_after(engine, ["Garden", "Start"])
    assert "You remember the roses." in view.text


def test_harlowe_display_inlines_the_passage(twee) -> None:
    result = twee(
        HARLOWE
        + ':: Start\n(set: $hp to 7)\n(display: "Status")\n[[On]]\n\n'
        + ":: Status\nHP: $hp\n\n:: On\nx\n"
    )
    _, view = view_after(result.engine(), [])
    assert "HP: 7" in view.text
    assert "status" not in result.scenes()  # only ever shown inside others: not a scene of its own


def test_harlowe_print_shows_an_expression(twee) -> None:
    result = twee(HARLOWE + ":: Start\n(set: $a to 4)\nTwice: (print: $a * 2).\n")
    _, view = view_after(result.engine(), [])
    assert "Twice: 8." in view.text


def test_harlowe_goto_under_a_condition_leads_on_and_hides_other_links(twee) -> None:
    result = twee(
        HARLOWE
        + """
        :: Start
        [[Walk]]

        :: Walk
        (set: $steps to it + 1)
        (if: $steps >= 2)[(goto: "Home")]
        [[Walk]]

        :: Home
        Home at last.
        """
    )
    engine = result.engine()
    _, view = view_after(engine, ["Walk"])
    assert labels(view) == ["Walk"]
    _, view = view_after(engine, ["Walk", "Walk"])
    assert labels(view) == ["Continue"]
    _, view = view_after(engine, ["Walk", "Walk", "Continue"])
    assert view.is_ending and view.title == "Home"
    assert_checks_clean(result.folder)


def test_harlowe_random_goto_becomes_weighted_outcomes(twee) -> None:
    result = twee(
        HARLOWE + ':: Start\n(link: "Flip")[(goto: (either: "Heads", "Tails"))]\n\n'
        ":: Heads\nH\n:: Tails\nT\n"
    )
    choice = result.scenes()["start"]["choices"][0]
    assert choice["outcomes"] == [{"weight": 1, "goto": "heads"}, {"weight": 1, "goto": "tails"}]
    engine = result.engine()
    endings = {view_after(engine, ["Flip"], seed=s)[1].title for s in range(20)}
    assert endings == {"Heads", "Tails"}


def test_harlowe_markup_becomes_markdown(twee) -> None:
    result = twee(HARLOWE + ":: Start\n''bold'' //it// at http://x.org\n###Title\n")
    _, view = view_after(result.engine(), [])
    assert "**bold** *it* at http://x.org" in view.text
    assert "### Title" in view.text


def test_template_marks_in_prose_are_shown_as_written(twee) -> None:
    result = twee(SUGARCUBE + ":: Start\nCurly {{ not a template }} and {% this %} too.\n")
    _, view = view_after(result.engine(), [])
    assert "Curly {{ not a template }} and {% this %} too." in view.text


# -- SugarCube -------------------------------------------------------------------------------


def test_sugarcube_storyinit_set_if_and_naked_variables(twee) -> None:
    result = twee(
        SUGARCUBE
        + """
        :: StoryInit
        <<set $fuel to 2>><<set $captain to "Ro">>

        :: Start
        <<if $fuel gt 1>>Full tanks, $captain.<<elseif $fuel eq 1>>Low.<<else>>Empty.<</if>>
        <<link "Burn">><<set $fuel to $fuel - 1>><<goto "Start">><</link>>
        """
    )
    assert result.manifest()["vars"] == {"captain": {"initial": "Ro"}, "fuel": {"initial": 2}}
    engine = result.engine()
    _, view = view_after(engine, [])
    assert "Full tanks, Ro." in view.text
    _, view = view_after(engine, ["Burn"])
    assert "Low." in view.text
    _, view = view_after(engine, ["Burn", "Burn"])
    assert "Empty." in view.text


def test_sugarcube_setter_link_and_include(twee) -> None:
    result = twee(
        SUGARCUBE
        + """
        :: Start
        [[Take the lamp|Cave][$lamp to true]]
        [[Cave]]

        :: Cave
        <<include "Lamp note">>

        :: Lamp note
        <<if $lamp>>The lamp shows a passage.<<else>>Dark.<</if>>
        """
    )
    _, view = view_after(result.engine(), ["Take the lamp"])
    assert "The lamp shows a passage." in view.text
    _, view = view_after(result.engine(), ["Cave"])
    assert "Dark." in view.text


def test_sugarcube_visited_and_goto(twee) -> None:
    result = twee(
        SUGARCUBE
        + """
        :: Start
        <<if visited("Well") gte 1>>You drank already.<</if>>
        [[Well]]

        :: Well
        <<goto "Start">>
        """
    )
    _, view = view_after(result.engine(), ["Well", "Continue"])
    assert "You drank already." in view.text


# -- Chapbook and Snowman ---------------------------------------------------------------------


def test_chapbook_vars_section_inserts_modifiers_and_embed(twee) -> None:
    result = twee(
        """
        :: Start
        apples: 3
        seen: true
        --
        You have {apples} apples.
        [if apples > 2]
        A full basket.
        [else]
        A light basket.
        [continue]
        {embed passage: 'Footer'}
        > [[Eat one->Eat]]

        :: Eat
        apples: apples - 1
        --
        Now {apples}.

        :: Footer
        The orchard hums.
        """,
        "--format",
        "chapbook",
    )
    _, view = view_after(result.engine(), [])
    assert "You have 3 apples." in view.text and "A full basket." in view.text
    assert "A light basket." not in view.text and "The orchard hums." in view.text
    _, view = view_after(result.engine(), ["Eat one"])
    assert "Now 2." in view.text


def test_snowman_state_code_blocks_and_render(twee) -> None:
    result = twee(
        """
        :: UserScript [script]
        s.keys = 0;

        :: Start
        <% s.keys++ %>
        Keys: <%= s.keys %>
        <% if (s.keys >= 2) { %>The gate opens.<% } else { %>The gate is shut.<% } %>
        <%= story.render("Hint") %>
        [[Search again->Start]]

        :: Hint
        Look under stones.
        """,
        "--format",
        "snowman",
    )
    assert result.manifest()["vars"] == {"keys": {"initial": 0}}
    engine = result.engine()
    _, view = view_after(engine, [])
    assert "Keys: 1" in view.text and "The gate is shut." in view.text
    assert "Look under stones." in view.text
    _, view = view_after(engine, ["Search again"])
    assert "Keys: 2" in view.text and "The gate opens." in view.text


# -- losses: reported with file:line, marked in the text ---------------------------------------


@pytest.mark.parametrize(
    ("fmt", "line", "what"),
    [
        ("harlowe", "(replace: ?hud)[Gone]", "(replace:)"),
        ("harlowe", "(click: ?x)[Boom]", "(click:)"),
        ("harlowe", "(live: 2s)[Tick]", "(live:)"),
        ("harlowe", "(set: $list to (a: 1, 2))", "an array or map"),
        ("harlowe", "(set: _t to 1)", "a temporary variable"),
        ("harlowe", "<script>alert(1)</script>", "JavaScript"),
        ("sugarcube", '<<linkreplace "Look">>Seen<</linkreplace>>', "<<linkreplace>>"),
        ("sugarcube", "<<timed 2s>>Later<</timed>>", "timed text"),
        ("sugarcube", "<<script>>x()<</script>>", "JavaScript"),
        ("sugarcube", "<<set $inv to []>>", "an array or map"),
        ("sugarcube", '<<textbox "$name" "">>', "<<textbox>>"),
        ("chapbook", "{reveal link: 'More', passage: 'Start'}", "{reveal link}"),
        ("chapbook", "[after 2s]\nLater.", "timed text"),
        ("snowman", "<% $('#x').hide() %>", "JavaScript"),
        ("harlowe", "<textarea>notes</textarea>", "HTML <textarea>"),
    ],
)
def test_what_cannot_convert_is_listed_with_its_line_and_marked(
    twee, fmt: str, line: str, what: str
) -> None:
    result = twee(f":: Start\nBefore.\n{line}\n[[End]]\n\n:: End\nDone.\n", "--format", fmt)
    assert result.status == 0, result.err
    listed = [out for out in result.out.splitlines() if "not converted" in out]
    assert listed and "/story.twee:3: not converted: " in listed[0]
    assert what in listed[0]
    assert what in result.report and "story.twee:3" in result.report
    assert "⟦Twine, not converted:" in result.scenes()["start"]["text"]
    assert "0 of 2 passages" not in result.report  # End converted cleanly
    assert result.report.rstrip().endswith("1 of 2 passages converted without loss (50%).**")
    assert_checks_clean(result.folder)


def test_script_and_stylesheet_passages_are_reported_not_scenes(twee) -> None:
    result = twee(
        HARLOWE
        + ":: Code [script]\nwindow.x = 1;\n\n:: Look [stylesheet]\nbody {}\n\n:: Start\nHi.\n"
    )
    assert "/story.twee:4: not converted: JavaScript (in passage 'Code')" in result.out
    assert "/story.twee:7: not converted: a stylesheet (in passage 'Look')" in result.out
    assert set(result.scenes()) == {"start"}
    assert "1 of 1 passages converted without loss (100%)" in result.report


def test_the_command_line_offers_the_formats_the_converter_knows() -> None:
    """`command.FORMATS` is a copy kept so that every command line need not import the converter."""
    from game.tools.twee import command, convert

    assert command.FORMATS == convert.FORMATS


def test_harlowe_header_and_footer_passages_frame_every_scene(twee) -> None:
    result = twee(
        HARLOWE
        + ":: Top [header]\nDeck 3.\n\n:: Bottom [footer]\n(put: 1 into $seen)\n\n"
        + ":: Start\nThe corridor.\n[[Hatch]]\n\n:: Hatch\nA hatch.\n"
    )
    assert set(result.scenes()) == {"start", "hatch"}
    state, view = view_after(result.engine(), [])
    assert view.text.startswith("Deck 3.") and "The corridor." in view.text
    assert state.values["seen"] == 1
