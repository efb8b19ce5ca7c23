"""A story played in another language: catalogues made and updated, the translation shown,
and whatever is missing, fuzzy or broken shown in the source language instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from game.cli import main
from game.engine import Engine, load_story
from game.engine.saves import SaveStore
from game.engine.translation import (
    catalogue_path,
    languages_from,
    paragraphs,
    story_messages,
    translated,
)

FIXTURE = Path(__file__).parent / "fixtures" / "translated"


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "lighthouse"
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("*.mo"))
    return folder


def french(folder: Path) -> Engine:
    return Engine(translated(load_story(folder), ["fr"]))


def po_messages(folder: Path, language: str = "fr") -> dict[str, object]:
    with catalogue_path(folder, language).open("rb") as stream:
        return {m.context: m for m in read_po(stream) if m.id}


# -- what is translatable -----------------------------------------------------------------------


def test_paragraphs_give_back_the_text_exactly() -> None:
    text = "\nOne.\n\n  Two,\nstill two.\n\n\nThree.\n"
    pieces = paragraphs(text)
    assert [p.core for p, _ in pieces] == ["One.", "Two,\nstill two.", "Three."]
    assert "".join(p.lead + p.core + p.trail + after for p, after in pieces) == text


def test_an_if_block_across_a_blank_line_stays_one_message() -> None:
    text = "Before.\n\n{% if x %}First.\n\nSecond.{% endif %}\n\nAfter."
    assert [p.core for p, _ in paragraphs(text)] == [
        "Before.",
        "{% if x %}First.\n\nSecond.{% endif %}",
        "After.",
    ]


def test_every_player_visible_text_has_a_message(story_dir: Path) -> None:
    contexts = {m.context for m in story_messages(load_story(story_dir))}
    assert {
        "story.yaml:title",
        "story.yaml:vars.shells.label",
        "story.yaml:endings.dark.summary",
        "story.yaml:consequences.1.text",
        "shore:title",
        "shore:place",
        "shore:text.0",
        "shore:text.2",
        "shore:choices.1.label",
        "shore:choices.1.disabled_reason",
    } <= contexts


def test_extract_writes_a_template_with_contexts_and_file_lines(
    story_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["i18n", "extract", str(story_dir)]) == 0
    pot = (story_dir / "locale" / "story.pot").read_text(encoding="utf-8")
    # the third paragraph of the shore's text is line 10 of scenes.yaml
    assert (
        '#: scenes.yaml:10\nmsgctxt "shore:text.2"\n'
        'msgid "You have {{ shells }} shells in your pocket."' in pot
    )
    assert '#: scenes.yaml:18\nmsgctxt "shore:choices.1.disabled_reason"' in pot
    assert "python-format" not in pot  # Jinja's {% is not a printf format
    assert "wrote" in capsys.readouterr().out


# -- playing in French ----------------------------------------------------------------------------


def test_translated_text_is_shown_and_the_rest_falls_back(story_dir: Path) -> None:
    engine = french(story_dir)
    view = engine.view(engine.new_game(seed=1))
    assert view.title == "Le rivage"
    assert view.place == "Cap Nord"
    assert "Le vent vient du large." in view.text
    assert "Vos genoux ne sont pas sûrs" in view.text  # a translated {% if %} paragraph
    assert "You have 0 shells in your pocket." in view.text  # untranslated: the source
    labels = [c.label for c in view.choices]
    assert labels == ["Ramasser un coquillage", "Monter l'escalier", "Walk home"]
    assert view.choices[1].reason == "Vous avez trop peur pour monter"
    assert [s.label for s in view.stats] == ["Courage", "Coquillages"]


def test_a_fuzzy_translation_is_not_shown(story_dir: Path) -> None:
    engine = french(story_dir)
    state = engine.new_game(seed=1)
    for index in (0, 1):  # pick up a shell (courage 2), climb the stairs
        state = engine.choose(state, index)
    view = engine.view(state)
    assert view.title == "L'escalier"
    assert view.text.strip() == "A hundred steps turn around the cold stone."


def test_the_ending_and_its_timeline_in_french_with_a_plural(story_dir: Path) -> None:
    engine = french(story_dir)
    state = engine.new_game(seed=1)
    for index in (0, 1, 0):
        state = engine.choose(state, index)
    ending = engine.view(state).ending
    assert ending is not None
    assert ending.title == "La lampe est allumée"
    texts = [item.text for item in ending.consequences]
    assert texts == [
        "Le registre du gardien note une nuit tranquille.",
        "1 coquillage est toujours posé sur le rebord de la fenêtre.",
    ]


def test_a_translation_that_cannot_render_shows_the_source(story_dir: Path) -> None:
    po = catalogue_path(story_dir, "fr")
    text = po.read_text(encoding="utf-8")
    broken = text.replace('msgstr "Le rivage"', 'msgstr "Le {{ nowhere }}"')
    assert broken != text
    po.write_text(broken, encoding="utf-8")
    engine = french(story_dir)
    view = engine.view(engine.new_game(seed=1))
    assert view.title == "The shore"
    assert view.place == "Cap Nord"


def test_an_edited_po_is_compiled_again_when_played(story_dir: Path) -> None:
    french(story_dir)  # compiles story.mo
    mo = catalogue_path(story_dir, "fr", ".mo")
    assert mo.is_file()
    po = catalogue_path(story_dir, "fr")
    po.write_text(
        po.read_text(encoding="utf-8").replace('"Le rivage"', '"La grève"'), encoding="utf-8"
    )
    engine = french(story_dir)
    assert engine.view(engine.new_game(seed=1)).title == "La grève"


def test_a_language_the_story_lacks_plays_the_source(story_dir: Path) -> None:
    story = load_story(story_dir)
    assert translated(story, ["de", "it"]) is story


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, ["fr_FR", "fr"]),
        ({"LANGUAGE": "de:fr", "LANG": "en_GB.UTF-8"}, ["de", "fr"]),
        ({"LC_ALL": "fr_CA.UTF-8", "LANG": "de_DE"}, ["fr_CA", "fr"]),
        ({"LC_MESSAGES": "pt_BR", "LANG": "C"}, ["pt_BR", "pt"]),
        ({"LANG": "C.UTF-8"}, []),
        ({}, []),
    ],
)
def test_the_language_comes_from_the_environment(
    environ: dict[str, str], expected: list[str]
) -> None:
    assert languages_from(environ) == expected


def test_plain_play_in_french_from_the_environment(
    story_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    argv = ["play", "--plain", "--story", str(story_dir), "--saves", str(tmp_path / "s")]
    assert main([*argv, "--seed", "1", "--choices", "3"]) == 0
    out = capsys.readouterr().out
    assert "== Le rivage ==" in out
    assert "Eaux noires" in out  # the ending's title
    assert main([*argv, "--lang", "en", "--seed", "1", "--choices", "3"]) == 0
    assert "== The shore ==" in capsys.readouterr().out


# -- saves across languages ---------------------------------------------------------------------


def test_a_save_made_in_french_loads_in_english(story_dir: Path, tmp_path: Path) -> None:
    story = load_story(story_dir)
    engine_fr = french(story_dir)
    state = engine_fr.choose(engine_fr.new_game(seed=3), 0)
    SaveStore(tmp_path, translated(story, ["fr"])).save("one", state)

    english = SaveStore(tmp_path, story)
    (slot,) = english.list()
    assert slot.summary_text.startswith("The shore · North cape")
    game = english.load("one")
    assert [step.label for step in game.state.history] == ["Pick up a shell"]
    assert game.state.key() == state.key()

    french_store = SaveStore(tmp_path, translated(story, ["fr"]))
    (slot,) = french_store.list()
    assert slot.summary_text.startswith("Le rivage · Cap Nord")
    assert [s.label for s in french_store.load("one").state.history] == ["Ramasser un coquillage"]


def test_a_save_holds_the_same_state_whatever_the_language(story_dir: Path, tmp_path: Path) -> None:
    story = load_story(story_dir)
    states = {}
    for language in ("en", "fr"):
        engine = Engine(translated(story, [language]))
        state = engine.choose(engine.new_game(seed=3), 0)
        slot = SaveStore(tmp_path / language, engine.story).save("one", state)
        states[language] = __import__("json").loads(slot.path.read_text(encoding="utf-8"))
    for data in states.values():
        for step in data["state"]["history"]:
            del step["label"]  # what the player saw, kept for a reader of the file
        del data["summary"], data["created"], data["updated"]
    assert states["en"] == states["fr"]


# -- keeping a translation up to date ------------------------------------------------------------


def test_update_marks_an_edited_text_fuzzy_and_keeps_its_translation(
    story_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenes = story_dir / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    edited = text.replace("Light the lamp", "Light the great lamp").replace(
        "The flame catches. Far out, a ship turns towards the light.",
        "Oil, a match, and at last the wick burns bright and steady.",
    )
    scenes.write_text(edited, encoding="utf-8")
    assert main(["i18n", "update", str(story_dir)]) == 0
    assert "2 newly fuzzy" in capsys.readouterr().out
    messages = po_messages(story_dir)
    label = messages["stairs:choices.0.label"]
    assert label.fuzzy and label.string == "Allumer la lampe"  # type: ignore[attr-defined]
    # a rewrite too different for fuzzy matching still keeps its translation, by its context
    lamp = messages["lamp:text.0"]
    assert lamp.fuzzy  # type: ignore[attr-defined]
    assert lamp.string.startswith("La flamme prend.")  # type: ignore[attr-defined]
    po = catalogue_path(story_dir, "fr").read_text(encoding="utf-8")
    assert (
        '#, fuzzy\n#| msgid "The flame catches. Far out, a ship turns towards the light."\n'
        'msgctxt "lamp:text.0"\n' in po
    )
    # and until the translator reviews them, the player reads the new source
    engine = french(story_dir)
    state = engine.new_game(seed=1)
    for index in (0, 1):
        state = engine.choose(state, index)
    assert engine.view(state).choices[0].label == "Light the great lamp"


def test_updating_twice_keeps_the_old_source_and_adds_no_comments(story_dir: Path) -> None:
    scenes = story_dir / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    scenes.write_text(text.replace("Light the lamp", "Light the great lamp"), encoding="utf-8")
    assert main(["i18n", "update", str(story_dir)]) == 0
    once = catalogue_path(story_dir, "fr").read_text(encoding="utf-8")
    assert main(["i18n", "update", str(story_dir)]) == 0
    twice = catalogue_path(story_dir, "fr").read_text(encoding="utf-8")
    assert '#| msgid "Light the lamp"' in twice
    # Babel reads `#|` back as a translator comment: it must not come back as `# | msgid`
    assert "# | msgid" not in twice
    assert once.split("\n")[4:] == twice.split("\n")[4:]  # past the dated header lines


def test_update_keeps_a_removed_text_as_obsolete(story_dir: Path) -> None:
    scenes = story_dir / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    scenes.write_text(text.replace("  place: North cape\n", ""), encoding="utf-8")
    assert main(["i18n", "update", str(story_dir)]) == 0
    po = catalogue_path(story_dir, "fr").read_text(encoding="utf-8")
    assert '#~ msgctxt "shore:place"' in po
    assert '#~ msgstr "Cap Nord"' in po


def test_init_never_replaces_a_translation(
    story_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = catalogue_path(story_dir, "fr").read_bytes()
    assert main(["i18n", "init", str(story_dir), "fr"]) == 1
    assert "exists already" in capsys.readouterr().err
    assert catalogue_path(story_dir, "fr").read_bytes() == before


def test_init_and_compile_a_new_language(
    story_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["i18n", "init", str(story_dir), "de"]) == 0
    assert catalogue_path(story_dir, "de").is_file()
    assert main(["i18n", "compile", str(story_dir)]) == 0
    assert catalogue_path(story_dir, "de", ".mo").is_file()
    assert catalogue_path(story_dir, "fr", ".mo").is_file()
    assert main(["i18n", "init", str(story_dir), "zz"]) == 1
    assert "not a language code" in capsys.readouterr().err


def test_a_broken_po_is_one_line_not_a_traceback(
    story_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalogue_path(story_dir, "fr")
    po.write_text("this is not a po file\n", encoding="utf-8")
    assert main(["i18n", "update", str(story_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("goldilocks i18n: ") and "Traceback" not in err
    engine = french(story_dir)  # and the game plays in the source language
    assert engine.view(engine.new_game(seed=1)).title == "The shore"


# -- check --lang ---------------------------------------------------------------------------------


def set_translation(folder: Path, source: str, translation: str) -> int:
    """Give `source`'s message a new msgstr; the line of that msgstr in the .po file."""
    po = catalogue_path(folder, "fr")
    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgid "{source}"')
    assert lines[at + 1].startswith("msgstr ")
    lines[at + 1] = f'msgstr "{translation}"'
    po.write_text("\n".join(lines), encoding="utf-8")
    return at + 1  # the msgid's line, 1-based, which is where Babel says the message is


def test_check_lang_counts_coverage(story_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(story_dir), "--lang", "fr", "--random", "0", "--json"]) == 0
    data = __import__("json").loads(capsys.readouterr().out)
    assert data["translation"]["translated"] == 20
    assert data["translation"]["fuzzy"] == 1
    assert data["translation"]["untranslated"] == 6
    assert data["translation"]["errors"] == []
    assert main(["check", str(story_dir), "--lang", "fr", "--random", "0"]) == 0
    out = capsys.readouterr().out
    assert "Translation (fr): 20 translated, 1 fuzzy, 6 untranslated of 27 texts" in out


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        ("Vous avez {{ shells }} coquillages{% if %}", "template error"),
        (
            "Vous avez {{ courage }} coquillages.",
            "the translation reads 'courage', which its source does not",
        ),
    ],
)
def test_check_lang_reports_a_broken_template_at_its_po_line(
    story_dir: Path, capsys: pytest.CaptureFixture[str], translation: str, expected: str
) -> None:
    line = set_translation(story_dir, "You have {{ shells }} shells in your pocket.", translation)
    assert main(["check", str(story_dir), "--lang", "fr", "--random", "0"]) == 1
    out = capsys.readouterr().out
    shown = f"{story_dir}/locale/fr/LC_MESSAGES/story.po:{line}: 'shore:text.2': "
    assert shown in out
    assert expected in out.split(shown, 1)[1].splitlines()[0]


def test_check_lang_wants_every_condition_of_the_source(
    story_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalogue_path(story_dir, "fr")
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace(
            '"{% if courage > 2 %}Vous vous sentez prête',
            '"{% if courage > 3 %}Vous vous sentez prête',
        ),
        encoding="utf-8",
    )
    assert main(["check", str(story_dir), "--lang", "fr", "--random", "0"]) == 1
    out = capsys.readouterr().out
    assert "'shore:text.1': the translation does not test 'courage > 2'" in out


def test_check_lang_lets_a_translation_add_a_plural(story_dir: Path) -> None:
    from game.tools.translation_check import template_problems

    source = "{{ shells }} shells still sit on the windowsill."
    plural = (
        "{% if shells < 2 %}{{ shells }} coquillage{% else %}{{ shells }} coquillages{% endif %}"
    )
    assert template_problems(source, plural) == []


def test_check_lang_warns_of_a_translation_of_an_older_text(
    story_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenes = story_dir / "scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace("Light the lamp", "Light it"), encoding="utf-8"
    )
    assert main(["check", str(story_dir), "--lang", "fr", "--random", "0"]) == 0
    out = capsys.readouterr().out
    assert "warning: 'stairs:choices.0.label' was translated from an older text" in out
    assert "19 translated, 1 fuzzy, 7 untranslated" in out
    assert main(["check", str(story_dir), "--lang", "fr", "--random", "0", "--strict"]) == 1


def test_check_lang_without_a_catalogue_is_an_error(
    story_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(story_dir), "--lang", "de", "--random", "0"]) == 1
    assert "no 'de' translation; start one with: goldilocks i18n init" in capsys.readouterr().out


def test_a_scene_date_with_words_is_translated_and_a_bare_date_is_not_asked_for(
    story_dir: Path,
) -> None:
    scenes = story_dir / "scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace("date: 1900-11-02", "date: 1900-11-02, dusk"),
        encoding="utf-8",
    )
    contexts = {m.context for m in story_messages(load_story(story_dir))}
    assert "shore:date" in contexts
    assert not any(c.endswith(":date") and c != "shore:date" for c in contexts)
    po = catalogue_path(story_dir, "fr")
    po.write_text(
        po.read_text(encoding="utf-8")
        + '\nmsgctxt "shore:date"\nmsgid "1900-11-02, dusk"\nmsgstr "1900-11-02, au crépuscule"\n',
        encoding="utf-8",
    )
    engine = french(story_dir)
    assert engine.view(engine.new_game(seed=1)).date == "1900-11-02, au crépuscule"
