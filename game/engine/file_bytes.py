"""Reading a whole file's bytes with as few system calls and objects as it takes, and only if it
is a file the game should read at all.

A warm start reads every file of the story to find its cache entry, and a cold one reads them to
parse them: tens of small files. `open(...).read()` builds a buffered file object and asks the
system about the file three times before reading it; this reads the descriptor directly, in
chunks, which halves the time it takes for a story's worth of small files.

Every file the game reads (story files, saves, the endings record, cache entries) comes through
`read_bytes`, so the rules are kept in one place: only a regular file is read (a pipe would
block for ever and a device never end: both are opened without blocking and refused), its size
is checked against the limit before a byte is read, and with `inside=` a symbolic link that
leads out of that folder is refused.
"""

from __future__ import annotations

import errno
import os
import stat

_CHUNK = 1 << 16
# O_BINARY: Windows only. O_NONBLOCK: opening a pipe with no writer must not wait for one.
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class TooBig(OSError):
    """The file has more bytes than the limit (`size`: how many it has)."""

    def __init__(self, size: int, limit: int = 0) -> None:
        super().__init__(errno.EFBIG, f"too large ({size:,} bytes; at most {limit:,})")
        self.size = size


class NotAFile(OSError):
    """Not something to read: `kind` says what it is (a pipe, a device, a socket, a folder)."""

    def __init__(self, kind: str, path: str | os.PathLike[str]) -> None:
        super().__init__(errno.EINVAL, f"not a regular file ({kind})", os.fspath(path))
        self.kind = kind


class OutsideFolder(OSError):
    """A symbolic link that leads out of the folder it must stay in."""


def read_bytes(
    path: str | os.PathLike[str], limit: int | None = None, *, inside: str | None = None
) -> bytes:
    """Every byte of the regular file at `path`; `TooBig` past `limit` bytes (checked before
    reading, and read no further than that); `NotAFile` for anything but a regular file;
    `OutsideFolder` when `inside` is given and `path` is a link leading out of it; otherwise
    OSError as `open` would raise it. All three are OSErrors whose `strerror` says why."""
    if inside is not None and os.path.islink(path):
        _check_inside(path, inside)
    fd = os.open(path, _FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(_kind(info.st_mode), path)
        if limit is not None and info.st_size > limit:
            raise TooBig(info.st_size, limit)
        first = os.read(fd, _CHUNK)
        if len(first) < _CHUNK:
            return first  # most story files: one read, and the end of the file
        chunks = [first]
        total = len(first)
        while True:
            if limit is not None and total > limit:
                raise TooBig(max(total, os.fstat(fd).st_size), limit)
            chunk = os.read(fd, max(_CHUNK, total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)


def _check_inside(path: str | os.PathLike[str], folder: str) -> None:
    target = os.path.realpath(path)
    home = os.path.realpath(folder)
    if os.path.commonpath([target, home]) != home:
        raise OutsideFolder(errno.EACCES, "a link to a file outside the folder", os.fspath(path))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
