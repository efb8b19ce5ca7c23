"""What the main screens look like, as SVG snapshots at 100x30 (pytest-textual-snapshot).

Each app is built by `build_app`, the factory the `goldilocks` command uses. To accept a deliberate
change of look: `pytest tests/test_tui_snapshots.py --snapshot-update`, then read the new SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.tui.app import GoldilocksApp, build_app

STARTER = Path(__file__).parent / "fixtures" / "starter"
SIZE = (100, 30)


def make_app(tmp_path: Path) -> GoldilocksApp:
    # seed 1: "Try the hack" reaches the burn, so 1, 2, 1 ends at Red Harbour
    return build_app(STARTER, display_root="starter", seed=1, saves_dir=tmp_path / "saves")


def test_title_screen(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE)


def test_play_screen_after_a_choice(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["n", "1"], terminal_size=SIZE)


def test_ending_screen(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["n", "1", "2", "1"], terminal_size=SIZE)


def test_story_map(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["n", "1", "2", "m"], terminal_size=SIZE)


def test_play_screen_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["n", "1"], terminal_size=(80, 24))


def test_play_screen_at_60x20(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["n", "1"], terminal_size=(60, 20))


def test_story_map_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["n", "1", "2", "m"], terminal_size=(80, 24))


def test_endings_gallery_at_60x20(snap_compare: Any, tmp_path: Path) -> None:
    press = ["n", "1", "2", "1", "t", "e"]
    assert snap_compare(make_app(tmp_path), press=press, terminal_size=(60, 20))
