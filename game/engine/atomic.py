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
import tempfile
from pathlib import Path


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
            previous = path.read_bytes()
        except FileNotFoundError:
            previous = None
        if previous is not None:
            _replace(backup, previous, durable)
    _replace(path, data, durable)


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


def describe_os_error(exc: OSError) -> str:
    """Why a file could not be written or read, in a player's words."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder is read-only (permission denied)"
    if exc.errno == errno.ENOTDIR or isinstance(exc, NotADirectoryError):
        return "part of the path is a file, not a folder"
    if isinstance(exc, FileNotFoundError):
        return "the folder does not exist and cannot be created"
    return exc.strerror or str(exc) or type(exc).__name__
