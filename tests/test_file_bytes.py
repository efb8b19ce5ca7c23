"""Whole files read through the descriptor: every byte, in order, whatever the size."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.file_bytes import TooBig, read_bytes


@pytest.mark.parametrize("size", [0, 1, 65_535, 65_536, 65_537, 300_001])
def test_every_byte_comes_back_in_order(tmp_path: Path, size: int) -> None:
    data = bytes((i * 7 + i // 251) % 256 for i in range(size))
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    assert read_bytes(path) == data
    assert read_bytes(str(path), limit=size) == data


def test_past_the_limit_it_stops_and_says_how_big(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 500_000)
    with pytest.raises(TooBig) as raised:
        read_bytes(path, limit=100_000)
    assert raised.value.size == 500_000


def test_a_missing_file_or_a_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_bytes(tmp_path / "nope.yaml")
    with pytest.raises(IsADirectoryError):
        read_bytes(tmp_path)
