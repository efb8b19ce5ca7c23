"""A compiled-story cache entry on disk: its name (the key), its folder, its HMAC, its layout.

Everything here is plain Python (hashlib, hmac, os): it imports neither pydantic nor the story
model, so a front end can find and check a story's entry, and read its cover (the title and
description the title screen shows), before the heavy part of the engine is imported at all.
`cache.py` turns the entry's pickle into a `Story`; the security argument is in its docstring.

An entry is `MAGIC`, an HMAC-SHA256 of the body, then the body: the cover's length (4 bytes,
little-endian), the cover as UTF-8 JSON, and the story's pickle.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib.util
import json
import os
import secrets
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from game.engine.atomic import write_atomic
from game.engine.file_bytes import read_bytes

# Bump when the layout of an entry changes (the engine's source is part of the key anyway).
CACHE_FORMAT = 7
MAGIC = b"goldilocks-story-cache\n"
SUFFIX = ".story"
MAX_ENTRY_BYTES = 512 * 1024 * 1024  # a pickled story of 2 MB files: far below this
KEEP_ENTRIES = 16  # the most recently used entries kept; older ones are deleted on write
_KEY_FILE = "key"
_DIGEST = "sha256"
_DIGEST_SIZE = hashlib.sha256().digest_size
_COVER_LENGTH = 4  # bytes that say how long the cover is

# The engine files whose code decides what a loaded story contains: a change to any of them
# makes every entry stale, so an engine under development never plays a story it built before.
_ENGINE_FILES = (
    "cache.py", "cache_entry.py", "errors.py", "expressions.py", "file_bytes.py",
    "jinja_scan.py", "loader.py", "model.py", "safe_yaml.py", "simple_jinja.py",
    "story_folder.py", "validation.py",
)  # fmt: skip
# Libraries named by a file that holds their version, read rather than imported: a warm load
# needs neither YAML nor Jinja, and pydantic's `version.py` also pins the pydantic-core it runs
# with (pydantic refuses to import with any other).
_LIBRARY_FILES = (("yaml", "__init__.py"), ("jinja2", "__init__.py"), ("pydantic", "version.py"))


def default_cache_dir() -> Path:
    """`.goldilocks-cache/` beside the saves in a checkout; the user's cache folder installed."""
    from game.locations import CHECKOUT, in_checkout

    if in_checkout():
        return CHECKOUT / ".goldilocks-cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("goldilocks", appauthor=False)) / "stories"


# -- the key ---------------------------------------------------------------------------------


@cache
def _engine_identity() -> bytes:
    """What, besides the story, decides the cached result: engine code and library versions."""
    digest = hashlib.sha256(f"cache format {CACHE_FORMAT}\0{sys.version}\0".encode())
    files = [Path(__file__).parent / name for name in _ENGINE_FILES]
    for package, name in _LIBRARY_FILES:
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None and spec.origin else None
        files.append(Path(origin).parent / name if origin else Path(package))
    for path in files:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode() + b"\0missing")
    return digest.digest()


def story_key(files: Iterable[tuple[str, bytes]]) -> str:
    """The name of the entry for a story made of these (file name, bytes), in reading order."""
    parts = [_engine_identity()]
    for name, raw in files:
        encoded = name.encode()
        parts += (len(encoded).to_bytes(8, "little"), encoded, len(raw).to_bytes(8, "little"), raw)
    return hashlib.sha256(b"".join(parts)).hexdigest()  # one call: the same bytes, hashed


# -- the folder and its key ------------------------------------------------------------------


def private_folder(folder: Path) -> bool:
    """Create `folder` (0700) if needed; True when it is ours alone and usable."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.stat(folder)
        except OSError:
            return False
    except OSError:
        return False
    # on POSIX, not another user's folder, nor one that others may write to
    return not hasattr(os, "getuid") or (info.st_uid == os.getuid() and not info.st_mode & 0o022)


def _secret(folder: Path) -> bytes | None:
    """This user's HMAC key, made on first use; None when it cannot be read or made."""
    path = folder / _KEY_FILE
    try:
        key = read_bytes(path, 64, inside=str(folder))
        if len(key) == 32:
            return key
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        write_atomic(path, secrets.token_bytes(32), durable=False)
        key = read_bytes(path, 64)  # read back: when two runs race, the last rename wins for both
    except OSError:
        return None
    return key if len(key) == 32 else None


# -- an entry's body ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A checked entry: its cover (plain JSON values), and where in its bytes the story's
    pickle starts (kept in place: the unpickler reads it from there, with no copy)."""

    cover: dict[str, object]
    blob: bytes
    pickle_at: int


def body(cover: dict[str, object], pickled: bytes) -> bytes:
    """An entry's body: the cover, then the pickle."""
    encoded = json.dumps(cover, ensure_ascii=False).encode("utf-8")
    return len(encoded).to_bytes(_COVER_LENGTH, "little") + encoded + pickled


def read_entry(folder: Path, key: str) -> Entry | None:
    """The entry stored under `key`, its HMAC checked; None on any problem (a miss)."""
    try:
        blob = read_bytes(os.path.join(folder, key + SUFFIX), MAX_ENTRY_BYTES, inside=str(folder))
    except OSError:
        return None
    head = len(MAGIC) + _DIGEST_SIZE
    if len(blob) <= head + _COVER_LENGTH or not blob.startswith(MAGIC):
        return None
    if not private_folder(folder):
        return None
    secret = _secret(folder)
    if secret is None:
        return None
    view = memoryview(blob)
    expected = _mac(secret, key, view[head:])
    if not hmac.compare_digest(expected, blob[len(MAGIC) : head]):
        return None
    start = head + _COVER_LENGTH
    end = start + int.from_bytes(view[head:start], "little")
    try:
        cover = json.loads(bytes(view[start:end]).decode("utf-8"))
    except ValueError:  # (UnicodeDecodeError is one)
        return None
    if not isinstance(cover, dict) or end >= len(blob):
        return None
    return Entry(cover, blob, end)


def _mac(secret: bytes, key: str, entry_body: bytes | memoryview) -> bytes:
    """The HMAC of an entry: over its key (the story's bytes it was built from) and its body,
    so an entry copied under another story's key, or an old one replayed after an edit, is a
    miss, not a story."""
    signer = hmac.new(secret, key.encode("ascii") + b"\0", _DIGEST)
    signer.update(entry_body)
    return signer.digest()


def write_entry(folder: Path, key: str, entry_body: bytes) -> None:
    """Keep `entry_body` under `key`, signed, and prune old entries. Raises OSError."""
    if not private_folder(folder):
        return
    secret = _secret(folder)
    if secret is None:
        return
    mac = _mac(secret, key, entry_body)
    write_atomic(folder / f"{key}{SUFFIX}", MAGIC + mac + entry_body, durable=False)
    _prune(folder)


def _prune(folder: Path) -> None:
    """Delete all but the `KEEP_ENTRIES` most recently written entries."""
    entries = []
    for path in folder.glob(f"*{SUFFIX}"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime, path))
    entries.sort(reverse=True)
    for _, path in entries[KEEP_ENTRIES:]:
        with contextlib.suppress(OSError):
            path.unlink()
