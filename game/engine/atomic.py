"""Writing a file so that a crash at any moment leaves the old version or the new one, never a mix.

The new bytes go to a temporary file in the same folder (so the rename below never crosses file
systems), are written with raw `os.write` (no user-space buffer left to flush), `fsync`ed to disk,
and only then renamed over the target with `os.replace`, which is atomic on POSIX and Windows. The
folder is `fsync`ed afterwards so the rename itself survives a power cut.

With `backup=`, the target's current bytes are first copied, the same atomic way, to the backup
path: the previous version is safe on disk before the new one replaces it, and stays there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from game.engine.file_bytes import NotAFile, OutsideFolder, TooBig, read_bytes
from game.engine.interface_text import tr


def write_atomic(
    path: Path, data: bytes, *, backup: Path | None = None, durable: bool = True
) -> None:
    """Replace `path` with `data` atomically, creating its folder if missing.

    The file is private to the user (`mkstemp` creates it 0600). `durable=False` skips the
    fsyncs, for data that is only a cache: torn by a power cut it is a miss, and the writer
    should not wait for the disk. Raises `OSError` when the folder cannot be created or
    written; the target is then unchanged and no temporary file is left behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if backup is not None:
        try:
            previous = read_bytes(path)  # a regular file only: a pipe here would block
        except FileNotFoundError:
            previous = None
        if previous is not None:
            _replace(backup, previous, durable)
    _replace(path, data, durable)
    remove_stale_temporaries(path)


def _replace(path: Path, data: bytes, durable: bool = True) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable. Best effort: some systems cannot open or sync a folder."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)


STALE_TEMP_SECONDS = 10 * 60  # a temporary file this old belongs to a write that was killed


def set_aside(path: Path, reason: str = "refused") -> Path:
    """Rename `path` to `<name>.<reason>` (or `.<reason>-2`, ...: never over an earlier one) and
    return the new path. Raises OSError when it cannot be renamed."""
    number = 1
    while True:
        suffix = f".{reason}" if number == 1 else f".{reason}-{number}"
        target = path.with_name(path.name + suffix)
        if not os.path.lexists(target):
            break
        number += 1
    os.replace(path, target)
    return target


def remove_stale_temporaries(path: Path, *, older_than: float = STALE_TEMP_SECONDS) -> None:
    """Delete the temporary files that writes of `path` killed mid-way left behind (a running
    write's own is younger than `older_than` seconds, so it is left alone). Best effort."""
    prefix = f".{path.name}."
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                os.unlink(entry.path)


def describe_read_error(exc: OSError) -> str:
    """Why a file could not be read, in a player's words."""
    if isinstance(exc, NotAFile | OutsideFolder | TooBig):
        return str(exc.strerror)  # already in a player's words
    if exc.errno in (errno.EACCES, errno.EPERM):
        return tr("permission denied (the file cannot be read)")
    if exc.errno == errno.EISDIR or isinstance(exc, IsADirectoryError):
        return tr("a folder, not a file")
    return exc.strerror or str(exc) or type(exc).__name__


def describe_os_error(exc: OSError) -> str:
    """Why a file could not be written or read, in a player's words."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return tr("the disk is full")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return tr("the folder is read-only (permission denied)")
    if exc.errno == errno.ENOTDIR or isinstance(exc, NotADirectoryError):
        return tr("part of the path is a file, not a folder")
    if isinstance(exc, FileNotFoundError):
        return tr("the folder does not exist and cannot be created")
    return exc.strerror or str(exc) or type(exc).__name__
