"""The compiled-story cache: a hit is the same story, any edit misses, damage is never fatal."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import STARTER
from game.engine import Story, StoryErrors, cache, cache_entry, load_story, loader


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A copy of the starter story that the test may edit."""
    folder = tmp_path / "starter"
    shutil.copytree(STARTER, folder)
    return folder


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def yaml_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Stories read from their YAML with a cache folder given (so, misses), in order.

    Every such load offers its story to the cache; a hit does not.
    """
    misses: list[Path] = []
    real = cache.store

    def counting(folder: Path, key: str, story: Story, prefix: str) -> None:
        misses.append(Path(story.root))
        real(folder, key, story, prefix)

    monkeypatch.setattr(cache, "store", counting)
    return misses


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob(f"*{cache_entry.SUFFIX}"))


def test_a_cache_hit_is_the_same_story_as_a_cold_load(
    story: Path, cache_dir: Path, yaml_loads: list[Path]
) -> None:
    first = load_story(story, display_root="stories/starter", cache_dir=cache_dir)
    again = load_story(story, display_root="stories/starter", cache_dir=cache_dir)
    assert len(yaml_loads) == 1
    assert again == first == load_story(story, display_root="stories/starter")
    assert again.fingerprint == first.fingerprint


def test_a_hit_names_files_the_way_this_load_was_asked_to(
    story: Path, cache_dir: Path, yaml_loads: list[Path]
) -> None:
    load_story(story, display_root="somewhere/else", cache_dir=cache_dir)
    for shown in ("starter", "", ".", "a/b/"):
        hit = load_story(story, display_root=shown, cache_dir=cache_dir)
        assert hit == load_story(story, display_root=shown)
        assert hit.scene_file("briefing") == loader.display_path(story, "act1.yaml", shown)
    plain = load_story(story, cache_dir=cache_dir)
    assert plain == load_story(story)
    assert plain.locate("hangar", "choices", 1) == load_story(story).locate("hangar", "choices", 1)
    assert len(yaml_loads) == 1


def test_the_same_story_in_another_folder_shares_the_entry(
    story: Path, tmp_path: Path, cache_dir: Path, yaml_loads: list[Path]
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(story, copy)
    load_story(story, cache_dir=cache_dir)
    hit = load_story(copy, cache_dir=cache_dir)
    assert hit == load_story(copy)
    assert hit.root == str(copy)
    assert len(yaml_loads) == 1


@pytest.mark.parametrize("name", ["story.yaml", "act1.yaml"])
def test_editing_any_file_misses_the_cache(
    story: Path, cache_dir: Path, yaml_loads: list[Path], name: str
) -> None:
    load_story(story, cache_dir=cache_dir)
    path = story / name
    path.write_text(path.read_text().replace("Goldilocks", "Silverlocks", 1))
    edited = load_story(story, cache_dir=cache_dir)
    assert len(yaml_loads) == 2
    assert edited == load_story(story)
    assert load_story(story, cache_dir=cache_dir) == edited
    assert len(yaml_loads) == 2  # and the edited story is cached in its turn


def test_a_one_byte_edit_that_keeps_the_size_misses(
    story: Path, cache_dir: Path, yaml_loads: list[Path]
) -> None:
    load_story(story, cache_dir=cache_dir)
    path = story / "act1.yaml"
    text = path.read_text()
    path.write_text(text.replace("Dev Ayesa", "Dev Ayesb"))
    assert load_story(story, cache_dir=cache_dir).scenes["briefing"].text.count("Ayesb") == 1
    assert len(yaml_loads) == 2


def test_adding_or_removing_a_file_misses(
    story: Path, cache_dir: Path, yaml_loads: list[Path]
) -> None:
    load_story(story, cache_dir=cache_dir)
    extra = story / "act2.yaml"
    extra.write_text("epilogue:\n  title: Later\n  text: Years pass.\n  end: custody\n")
    assert "epilogue" in load_story(story, cache_dir=cache_dir).scenes
    assert len(yaml_loads) == 2
    extra.unlink()
    assert "epilogue" not in load_story(story, cache_dir=cache_dir).scenes
    assert len(yaml_loads) == 2  # back to the first version's bytes: its entry is still there


def _damage_kinds() -> dict[str, Callable[[bytes], bytes]]:
    def flip(blob: bytes) -> bytes:
        middle = len(blob) // 2
        return blob[:middle] + bytes([blob[middle] ^ 0xFF]) + blob[middle + 1 :]

    return {
        "empty": lambda blob: b"",
        "truncated": lambda blob: blob[: len(blob) // 3],
        "only the header": lambda blob: blob[: len(cache_entry.MAGIC) + 10],
        "one byte flipped": flip,
        "garbage": lambda blob: os.urandom(len(blob)),
        "another key's MAC": lambda blob: (
            blob[: len(cache_entry.MAGIC)] + b"\0" * 32 + blob[len(cache_entry.MAGIC) + 32 :]
        ),
        "a plain pickle": lambda blob: pickle.dumps({"not": "a story"}),
    }


@pytest.mark.parametrize("kind", sorted(_damage_kinds()))
def test_a_damaged_entry_is_ignored_and_rebuilt(
    story: Path, cache_dir: Path, yaml_loads: list[Path], kind: str
) -> None:
    cold = load_story(story, cache_dir=cache_dir)
    [entry] = entries(cache_dir)
    entry.write_bytes(_damage_kinds()[kind](entry.read_bytes()))
    assert load_story(story, cache_dir=cache_dir) == cold
    assert len(yaml_loads) == 2
    assert load_story(story, cache_dir=cache_dir) == cold  # rebuilt, so this one is a hit
    assert len(yaml_loads) == 2


def test_a_lost_key_invalidates_every_entry_without_harm(
    story: Path, cache_dir: Path, yaml_loads: list[Path]
) -> None:
    cold = load_story(story, cache_dir=cache_dir)
    (cache_dir / "key").write_bytes(b"short")
    assert load_story(story, cache_dir=cache_dir) == cold
    assert load_story(story, cache_dir=cache_dir) == cold
    assert len(yaml_loads) == 2


def test_a_forged_entry_with_a_valid_mac_still_cannot_run_code(
    story: Path, cache_dir: Path, yaml_loads: list[Path]
) -> None:
    cold = load_story(story, cache_dir=cache_dir)
    [entry] = entries(cache_dir)

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("echo forged entry ran >&2",))

    body = cache_entry.body({"title": "Forged", "description": ""}, pickle.dumps(Exploit()))
    import hmac

    secret = (cache_dir / "key").read_bytes()
    entry.write_bytes(cache_entry.MAGIC + hmac.new(secret, body, "sha256").digest() + body)
    assert load_story(story, cache_dir=cache_dir) == cold
    assert len(yaml_loads) == 2


def test_a_cache_folder_that_cannot_be_made_is_no_cache(
    story: Path, tmp_path: Path, yaml_loads: list[Path]
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way")
    assert load_story(story, cache_dir=blocked / "cache") == load_story(story)
    assert load_story(story, cache_dir=blocked) == load_story(story)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_to_is_not_used(
    story: Path, cache_dir: Path, yaml_loads: list[Path]
) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    load_story(story, cache_dir=cache_dir)
    assert entries(cache_dir) == []
    assert not (cache_dir / "key").exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_the_folder_and_its_files_are_private(story: Path, cache_dir: Path) -> None:
    load_story(story, cache_dir=cache_dir)
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    for path in [cache_dir / "key", *entries(cache_dir)]:
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_broken_story_is_never_cached_and_reports_the_same_errors(
    story: Path, cache_dir: Path
) -> None:
    path = story / "act1.yaml"
    path.write_text(path.read_text().replace("goto: hangar_codes", "goto: hanger_codes"))
    with pytest.raises(StoryErrors) as plain:
        load_story(story, display_root="starter")
    with pytest.raises(StoryErrors) as cached:
        load_story(story, display_root="starter", cache_dir=cache_dir)
    assert [str(e) for e in cached.value.errors] == [str(e) for e in plain.value.errors]
    assert entries(cache_dir) == []


def test_old_entries_are_pruned(story: Path, cache_dir: Path) -> None:
    path = story / "story.yaml"
    text = path.read_text()
    for number in range(cache_entry.KEEP_ENTRIES + 3):
        path.write_text(text.replace("(starter)", f"(starter {number})"))
        load_story(story, cache_dir=cache_dir)
    assert len(entries(cache_dir)) == cache_entry.KEEP_ENTRIES


def test_no_temporary_files_are_left_behind(story: Path, cache_dir: Path) -> None:
    load_story(story, cache_dir=cache_dir)
    load_story(story, cache_dir=cache_dir)
    assert sorted(p.name for p in cache_dir.iterdir() if p.name.startswith(".")) == []


def test_the_key_covers_the_engine_and_library_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    files = [("story.yaml", b"title: x\n")]
    before = cache_entry.story_key(files)
    cache_entry._engine_identity.cache_clear()
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    try:
        assert cache_entry.story_key(files) != before
    finally:
        cache_entry._engine_identity.cache_clear()


def test_positions_from_a_hit_point_where_a_cold_load_does(story: Path, cache_dir: Path) -> None:
    load_story(story, display_root="s", cache_dir=cache_dir)
    hit = load_story(story, display_root="s", cache_dir=cache_dir)
    cold = load_story(story, display_root="s")
    for scene_id, scene in cold.scenes.items():
        for index in range(len(scene.choices)):
            assert hit.locate(scene_id, "choices", index, "label") == cold.locate(
                scene_id, "choices", index, "label"
            )
        assert hit.scene_sources[scene_id].keys == cold.scene_sources[scene_id].keys
    assert hit.manifest_source.blocks == cold.manifest_source.blocks
    assert pickle.loads(pickle.dumps(hit)) == cold
