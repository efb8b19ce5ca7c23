"""The consequence audit: choices that change nothing a player can see, and effects never read.

A verdict must never be wrong, so besides the fixtures each finding on generated stories is played
out: the story with the finding "undone" (the inert choice doing what its sibling does, the dead
effect removed) must look the same to the player on every path, step by step, as the story itself.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import STARTER
from game.cli import main
from game.engine import Engine, GameState, load_story
from game.engine.errors import StoryRuntimeError
from game.engine.model import Story
from game.tools.audit import Audit, audit

FIXTURES = Path(__file__).parent / "fixtures"
CONSEQUENCES = FIXTURES / "consequences"


def found(a: Audit) -> dict[str, set[tuple[object, ...]]]:
    return {
        "inert": {(f.scene, f.choice, f.outcome) for f in a.inert_choices},
        "dead": {(f.scene, f.choice, f.outcome, f.effect) for f in a.dead_effects},
        "flavour": {(f.scene, f.choice) for f in a.flavour_choices},
    }


def test_audit_finds_exactly_the_known_inert_choices_dead_effects_and_flavour() -> None:
    assert found(audit(load_story(CONSEQUENCES))) == {
        # 'Hum a tune' does what 'Leave it where it is' does; 'Whistle' is marked flavour
        "inert": {("aisle", 3, None), ("door", 1, 2)},
        # the corridor's `on_enter` sets mood again before anything reads it; `add 0` is nothing
        "dead": {("corridor", 2, None, "set mood"), ("door", 1, 2, "add noise")},
        "flavour": {("aisle", 4)},
    }


def test_a_story_where_every_choice_echoes_has_no_finding(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(
        "title: T\nstart: a\nvars:\n  bold: {initial: false}\n"
        "  heat: {initial: 0, min: 0, max: 9}\n"
        "endings: {done: {title: Done}}\n"
        "consequences:\n  - {year: 1, if: 'heat > 3', text: Hot.}\n"
    )
    (tmp_path / "scenes.yaml").write_text(
        "a:\n  title: A\n  choices:\n"
        "    - {label: Be bold, goto: b, set: {bold: true}}\n"
        "    - {label: Be shy, goto: b}\n"
        "    - {label: Leave, goto: z}\n"
        'b:\n  title: B\n  text: "{% if bold %}You stand tall.{% endif %}"\n  choices:\n'
        "    - {label: Stoke, goto: z, add: {heat: 5}}\n"
        "    - {label: Wait, goto: z}\n"
        "z:\n  title: Z\n  end: done\n"
    )
    assert found(audit(load_story(tmp_path))) == {"inert": set(), "dead": set(), "flavour": set()}


def test_check_reports_the_audit_as_warnings_and_strict_fails_on_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(CONSEQUENCES), "--random", "10"]) == 0
    out = capsys.readouterr().out
    assert "scenes.yaml:26:13: warning: the 'set' of 'mood' by choice 2 of 'corridor'" in out
    assert "37:11: warning: outcome 2 of choice 1 of 'door' (Walk out) leads where" in out
    assert "Consequences: 2 inert choices, 2 dead effects, 1 flavour choice" in out
    assert main(["check", str(CONSEQUENCES), "--random", "10", "--strict"]) == 1


def test_check_json_lists_inert_choices_dead_effects_and_flavour_choices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["check", str(CONSEQUENCES), "--random", "0", "--json"])
    data = json.loads(capsys.readouterr().out)
    inert = data["inert_choices"][0]
    assert {k: inert[k] for k in ("scene", "choice", "label", "line")} == {
        "scene": "aisle",
        "choice": 3,
        "label": "Hum a tune while you think",
        "line": 10,
    }
    assert inert["file"].endswith("scenes.yaml") and "leads where choice 2 does" in inert["why"]
    assert [(d["scene"], d["effect"]) for d in data["dead_effects"]] == [
        ("corridor", "set mood"),
        ("door", "add noise"),
    ]
    assert [(f["scene"], f["choice"]) for f in data["flavour_choices"]] == [("aisle", 4)]


def test_the_starter_story_echoes_every_choice() -> None:
    a = audit(load_story(STARTER))
    assert not a.inert_choices and not a.dead_effects


# -- played out ------------------------------------------------------------------------------


def generated_story(tmp: Path, seed: int) -> Path:
    """A small story with narrow tests, effects that get overwritten, siblings that meet."""
    rng = random.Random(seed)
    (tmp / "story.yaml").write_text(
        "title: G\nstart: s0\nvars:\n"
        "  x: {initial: 0, min: 0, max: 3}\n  f: {initial: false}\n"
        "  w: {initial: p, values: [p, q]}\n"
        f"  s: {{initial: 1, min: 0, max: 2, show: {rng.choice(['true', 'false'])}}}\n"
        "endings:\n  e1: {title: One}\n  e2: {title: Two}\n"
        "consequences:\n  - {year: 1, if: f, text: Flagged.}\n"
    )
    texts = [
        "plain",
        "'{% if x >= 2 %}high{% endif %}'",
        "'w is {{ w }}'",
        "'{% if f %}f{% endif %}'",
    ]
    effects = [
        "",
        "set: {f: true}",
        "add: {x: 1}",
        "add: {x: -2}",
        "set: {w: q}",
        "add: {s: 1}",
        "set: {x: 3}",
        "set: {f: false}",
        "add: {x: 0}",
    ]
    conds = ["", "", "", "if: 'x > 1'", "enabled_if: 'not f'", "if: \"w == 'q'\""]
    size = rng.randint(3, 6)
    lines = []
    for i in range(size):
        lines.append(f"s{i}:\n  title: S{i}\n  text: {rng.choice(texts)}")
        if rng.random() < 0.3:
            lines.append(f"  on_enter: {{{rng.choice(effects[1:])}}}")
        lines.append("  choices:")
        later = [f"s{j}" for j in range(i + 1, size)] + ["end1", "end2"]
        shared = rng.choice(later)
        for n in range(rng.randint(2, 3)):
            goto = shared if rng.random() < 0.6 else rng.choice(later)
            parts = [f"label: C{n}", f"goto: {goto}"]
            parts += [p for p in (rng.choice(effects), rng.choice(effects)) if p]
            if n:
                parts += [c for c in [rng.choice(conds)] if c]
            lines.append("    - {" + ", ".join(dict.fromkeys(_one_key_each(parts))) + "}")
        if rng.random() < 0.5:
            a, b = rng.choice(later), rng.choice(later)
            lines.append(
                f"    - label: R\n      outcomes:\n"
                f"        - {{goto: {a}, {rng.choice(effects[1:])}}}\n"
                f"        - {{goto: {b}, {rng.choice(effects[1:])}}}\n        - {{goto: {a}}}"
            )
    lines.append('end1:\n  title: E1\n  text: "{% if x == 3 %}three{% endif %}"\n  end: e1')
    lines.append("end2:\n  title: E2\n  end: e2\n")
    (tmp / "scenes.yaml").write_text("\n".join(lines))
    return tmp


def _one_key_each(parts: list[str]) -> list[str]:
    """Effects merged so no key appears twice in one flow mapping."""
    merged: dict[str, dict[str, str]] = {}
    rest = []
    for part in parts:
        key = part.split(":")[0]
        if key in ("set", "add"):
            inner = part[len(key) + 3 : -1]
            name, value = inner.split(": ")
            merged.setdefault(key, {})[name] = value
        else:
            rest.append(part)
    for key, values in merged.items():
        rest.append(f"{key}: {{" + ", ".join(f"{n}: {v}" for n, v in values.items()) + "}")
    return rest


def with_choice(story: Story, scene_id: str, index: int, **update: object) -> Story:
    scene = story.scenes[scene_id]
    choices = list(scene.choices)
    choices[index] = choices[index].model_copy(update=update)
    scenes = dict(story.scenes)
    scenes[scene_id] = scene.model_copy(update={"choices": choices})
    return replace(story, scenes=scenes)


def with_outcome(story: Story, scene_id: str, index: int, o_index: int, **update: object) -> Story:
    outcomes = list(story.scenes[scene_id].choices[index].outcomes or ())
    outcomes[o_index] = outcomes[o_index].model_copy(update=update)
    return with_choice(story, scene_id, index, outcomes=outcomes)


def seen(engine: Engine, state: GameState) -> object:
    """What the player sees, but the 'Because you chose' lines at an ending: they explain the
    path taken (as the journal does), and where a later choice sets again what an earlier
    one set, which of the two decided it can shift when the earlier effect is taken away."""
    try:
        view = engine.view(state)
    except StoryRuntimeError as exc:
        return str(exc)
    if view.ending is None:
        return view
    items = tuple(replace(item, because=()) for item in view.ending.consequences)
    return replace(view, ending=replace(view.ending, because=(), consequences=items))


def assert_looks_the_same(one: Story, other: Story, budget: int = 4000) -> None:
    """Every path from the start, each outcome of each random choice, shows the same views."""
    a, b = Engine(one), Engine(other)
    stack = [(a.new_game(seed=1), b.new_game(seed=1), ())]
    while stack and budget > 0:
        budget -= 1
        sa, sb, path = stack.pop()
        va, vb = seen(a, sa), seen(b, sb)
        assert va == vb, f"after {path}"
        if isinstance(va, str) or va.is_ending:  # type: ignore[union-attr]
            continue
        for number, shown in enumerate(va.choices):  # type: ignore[union-attr]
            if not shown.enabled:
                continue
            _, choice = a.visible_choices(sa)[number]
            for outcome in range(len(choice.outcomes or [None])):
                picked = outcome if choice.outcomes else None
                stack.append(
                    (
                        a.choose_outcome(sa, number, picked),  # type: ignore[arg-type]
                        b.choose_outcome(sb, number, picked),  # type: ignore[arg-type]
                        (*path, (number, picked)),
                    )
                )


@pytest.mark.parametrize("seed", range(60))
def test_each_finding_on_a_generated_story_changes_nothing_when_undone(
    tmp_path: Path, seed: int
) -> None:
    story = load_story(generated_story(tmp_path, seed))
    report = audit(story)
    for f in report.dead_effects:
        kind, name = f.effect.split()  # type: ignore[union-attr]
        choice = story.scenes[f.scene].choices[f.choice - 1]
        key = "set_" if kind == "set" else "add"
        if f.outcome is None:
            held = getattr(choice, key)
            undone = with_choice(story, f.scene, f.choice - 1, **{key: _without(held, name)})
        else:
            outcome = (choice.outcomes or [])[f.outcome - 1]
            held = getattr(outcome, key)
            undone = with_outcome(
                story, f.scene, f.choice - 1, f.outcome - 1, **{key: _without(held, name)}
            )
        assert_looks_the_same(story, undone)
    for f in report.inert_choices:
        scene = story.scenes[f.scene]
        choice = scene.choices[f.choice - 1]
        if f.outcome is None:
            other = int(f.why.split("leads where choice ")[1].split()[0]) - 1
            sibling = scene.choices[other]
            undone = with_choice(
                story, f.scene, f.choice - 1, set_=dict(sibling.set_), add=dict(sibling.add)
            )
        else:
            other = int(f.why.split("leads where outcome ")[1].split()[0]) - 1
            sib = (choice.outcomes or [])[other]
            undone = with_outcome(
                story, f.scene, f.choice - 1, f.outcome - 1, set_=dict(sib.set_), add=dict(sib.add)
            )
        assert_looks_the_same(story, undone)


def test_generated_stories_have_findings_to_play_out(tmp_path: Path) -> None:
    """The property above is not empty: the generator makes both kinds of finding."""
    inert = dead = 0
    for seed in range(60):
        folder = tmp_path / str(seed)
        folder.mkdir()
        report = audit(load_story(generated_story(folder, seed)))
        inert += len(report.inert_choices)
        dead += len(report.dead_effects)
    assert inert >= 10 and dead >= 10


def _without(held: dict[str, object], name: str) -> dict[str, object]:
    return {k: v for k, v in held.items() if k != name}


# -- goldilocks consequences -----------------------------------------------------------------


def test_consequences_names_where_a_choice_is_read_and_the_endings_it_can_change(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["consequences", str(CONSEQUENCES), "aisle:1"]) == 0
    out = capsys.readouterr().out
    assert "choice 1 of 'aisle' (Copy Aleida's branch)" in out
    assert "read at the timeline: timeline item 1 (2004)" in out
    assert "story.yaml:12" in out
    assert "can change the timeline of: clean, caught" in out


def test_consequences_json_says_which_effects_are_never_observed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["consequences", str(CONSEQUENCES), "corridor", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["choice"] for c in data] == [1, 2, 3]
    stamp = {e["effect"]: e for e in data[1]["effects"]}
    assert stamp["set mood"]["observed"] is False and stamp["set mood"]["read_at"] == []
    assert stamp["add noise"]["observed"] is True
    assert stamp["add noise"]["read_at"][0]["where"] == "timeline item 2 (2005)"
    assert data[2]["effects"][0]["sidebar"] is True


def test_consequences_of_a_choice_that_is_not_there_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["consequences", str(CONSEQUENCES), "aisle:7"]) == 1
    err = capsys.readouterr().err
    assert err == "goldilocks consequences: 'aisle' has 4 choices: N is 1 to 4\n"
    assert main(["consequences", str(CONSEQUENCES), "hall"]) == 1
    assert "there is no scene 'hall'" in capsys.readouterr().err


def test_a_once_only_choice_is_not_inert_beside_one_that_stays(tmp_path: Path) -> None:
    """Taking a `once: true` choice removes it when the scene comes round again: that is seen,
    and its hidden variable is never reported as an effect of the author's."""
    (tmp_path / "story.yaml").write_text("title: T\nstart: a\nendings: {done: {title: Done}}\n")
    (tmp_path / "scenes.yaml").write_text(
        "a:\n  title: A\n  choices:\n"
        "    - {label: Wait, goto: a, once: true}\n"
        "    - {label: Pace, goto: a}\n"
        "    - {label: Leave, goto: z}\n"
        "z:\n  title: Z\n  end: done\n"
    )
    assert found(audit(load_story(tmp_path))) == {"inert": set(), "dead": set(), "flavour": set()}
