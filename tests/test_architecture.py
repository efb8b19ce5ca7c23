"""The engine is reachable without the terminal UI, and that is checked, not hoped for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_engine_import_never_loads_textual() -> None:
    code = (
        "import sys, game.engine, game.engine.paths, game.plain;"
        "from game.engine import Engine, load_story;"
        "Engine(load_story('tests/fixtures/starter')).new_game(seed=1);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_engine_source_has_no_textual_import() -> None:
    for path in (ROOT / "game" / "engine").rglob("*.py"):
        text = path.read_text()
        assert "import textual" not in text and "from textual" not in text, path
