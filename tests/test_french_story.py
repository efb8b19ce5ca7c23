"""The shipped story in French: every text translated and checked, and games played in French
from the first scene to an ending with no English left on the page."""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest

from game.cli import main
from game.engine.interface_text import use_languages

SCENES = Path(__file__).resolve().parent.parent / "scenes"
# words a French page never has, and an English one always does
ENGLISH = re.compile(r"\b(the|and|you|your|with|that|of|is|to|because|turn|choice)\b", re.I)


@pytest.fixture(autouse=True)
def english_afterwards() -> object:
    yield
    use_languages([])


def test_the_french_catalogue_is_complete_and_every_template_checks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["check", str(SCENES), "--lang", "fr", "--json"])
    translation = json.loads(capsys.readouterr().out)["translation"]
    assert translation["errors"] == [] and translation["warnings"] == []
    assert translation["fuzzy"] == 0 and translation["untranslated"] == 0
    assert translation["translated"] > 900


@pytest.mark.parametrize("seed", [1, 2, 3, 6])
def test_a_game_in_french_reaches_an_ending_with_no_english_on_the_page(
    seed: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    picks = random.Random(seed)
    moves = "\n".join(str(picks.choice([1, 1, 2, 2, 3])) for _ in range(150))
    monkeypatch.setattr("sys.stdin", io.StringIO(moves + "\n"))
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    argv = ["play", "--plain", "--seed", str(seed), "--saves", str(tmp_path / "saves")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("== Les quatre pour cent de trop ==")
    assert "\nFin\N{NO-BREAK SPACE}: " in out  # an ending was reached, and said in French
    english = [line for line in out.splitlines() if ENGLISH.search(line)]
    assert english == []
