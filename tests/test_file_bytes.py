"""Whole files read through the descriptor: every byte, in order, whatever the size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.engine.file_bytes import NotAFile, OutsideFolder, TooBig, read_bytes


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
    with pytest.raises(NotAFile, match="a folder"):
        read_bytes(tmp_path)


def test_a_pipe_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "scene.yaml"
    os.mkfifo(pipe)
    with pytest.raises(NotAFile, match="a pipe"):
        read_bytes(pipe)


def test_a_device_is_refused_not_read_for_ever() -> None:
    with pytest.raises(NotAFile, match="a device"):
        read_bytes("/dev/zero", limit=1000)


def test_a_huge_sparse_file_is_refused_before_a_byte_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(3 * 1024**3)  # 3 GB, no disk used: reading it would take 3 GB of memory
    with pytest.raises(TooBig) as raised:
        read_bytes(path, limit=2 * 1024**2)
    assert raised.value.size == 3 * 1024**3


def test_a_link_out_of_the_folder_is_refused_and_one_inside_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (tmp_path / "secret.yaml").write_text("key: value\n")
    (folder / "out.yaml").symlink_to(tmp_path / "secret.yaml")
    (folder / "real.yaml").write_text("a: 1\n")
    (folder / "alias.yaml").symlink_to(folder / "real.yaml")
    with pytest.raises(OutsideFolder):
        read_bytes(folder / "out.yaml", inside=str(folder))
    assert read_bytes(folder / "alias.yaml", inside=str(folder)) == b"a: 1\n"


def test_a_link_loop_is_an_os_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    with pytest.raises(OSError, match="symbolic links"):
        read_bytes(tmp_path / "a.yaml", inside=str(tmp_path))
