"""The game's own words in French: every sentence of the code translated, the compiled
catalogue current, the values of each sentence kept, and a game played in French."""

from __future__ import annotations

import gettext
import io
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from game.cli import main
from game.engine.catalogue import compile_po
from game.engine.interface_text import LOCALE, language, tr, use_languages

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "translated"
FRENCH = LOCALE / "fr" / "LC_MESSAGES" / "goldilocks.po"
KEYWORDS = {"tr": None, "N_": None, "ntr": (1, 2), "trc": ((1, "c"), 2)}


def code_messages() -> set[tuple[str | None, str]]:
    """(context, English sentence) for every tr/ntr/trc call in the game's code."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT / "game", keywords=KEYWORDS, comment_tags=()
    ):
        singular = message if isinstance(message, str) else message[0]
        found.add((context, singular))
    return found


def french_catalogue() -> dict[tuple[str | None, str], object]:
    with FRENCH.open("rb") as stream:
        catalog = read_po(stream)
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}


def test_every_sentence_of_the_code_is_in_french() -> None:
    french = french_catalogue()
    missing = sorted(str(k) for k in code_messages() if k not in french)
    assert missing == [], "run the pybabel commands in game/engine/interface_text.py"
    untranslated = sorted(
        str(key)
        for key, m in french.items()
        if m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string))  # type: ignore[attr-defined]
    )
    assert untranslated == []


def test_the_compiled_french_catalogue_matches_its_po() -> None:
    mo = FRENCH.with_suffix(".mo")
    shipped = gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
    fresh = gettext.GNUTranslations(io.BytesIO(compile_po(FRENCH)))
    assert shipped._catalog == fresh._catalog  # type: ignore[attr-defined]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_each_translation_keeps_the_values_of_its_sentence() -> None:
    for (_context, source), message in french_catalogue().items():
        strings = message.string  # type: ignore[attr-defined]
        for translation in strings if isinstance(strings, tuple) else (strings,):
            assert fields(translation) == fields(source), (source, translation)


def test_the_language_is_chosen_once_and_falls_back_to_english() -> None:
    assert use_languages(["de", "fr"]) == "fr"
    assert language() == "fr"
    assert tr("Nothing to undo yet.") == "Rien à annuler pour l'instant."
    assert tr("a sentence nobody translated") == "a sentence nobody translated"
    assert use_languages(["de"]) == ""
    assert tr("Nothing to undo yet.") == "Nothing to undo yet."


def test_plain_play_speaks_french_and_takes_french_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "story"
    shutil.copytree(FIXTURE, story, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr("sys.stdin", io.StringIO("aide\n2\n1\nsauver\nannuler\nparties\nfoo\n3\n"))
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    argv = ["play", "--plain", "--story", str(story), "--saves", str(tmp_path / "saves")]
    assert main([*argv, "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "Tapez le numéro d'un choix, puis Entrée." in out
    assert "[impossible\N{NO-BREAK SPACE}: Vous avez trop peur pour monter]" in out
    assert (
        "Impossible\N{NO-BREAK SPACE}: le choix 2 n'est pas possible\N{NO-BREAK SPACE}: "
        "Vous avez trop peur pour monter." in out
    )
    assert "Partie sauvegardée sous «\N{NO-BREAK SPACE}quicksave\N{NO-BREAK SPACE}»." in out
    assert "(choix annulé)" in out
    assert "quicksave" in out and "Le rivage · Cap Nord · 1900-11-02 · tour 2" in out
    assert "Tapez le numéro d'un choix (1-3), ou annuler, aide, quitter." in out
    assert "Fin\N{NO-BREAK SPACE}: Eaux noires" in out
    assert "Une nouvelle fin à votre palmarès\N{NO-BREAK SPACE}: 1 sur 2." in out


def test_an_explained_condition_in_french(
    tmp_path: Path, write_story: object, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_story(  # type: ignore[operator]
        **{
            "scenes.yaml": """\
            a:
              title: A
              choices:
                - {label: Go, goto: b, enabled_if: "trust >= 4"}
                - {label: Stay, goto: b}
            b: {title: B, end: done}
            """
        }
    )
    argv = ["play", "--plain", "--story", str(folder), "--saves", str(tmp_path / "s")]
    assert main([*argv, "--lang", "fr", "--choices", "1,2"]) == 0
    out = capsys.readouterr().out
    assert (
        "[impossible\N{NO-BREAK SPACE}: il faut Trust >= 4\N{NO-BREAK SPACE}; vous avez 2]" in out
    )
    assert "Une nouvelle fin à votre palmarès\N{NO-BREAK SPACE}: 1 sur 1." in out
