"""Reading a whole file's bytes with as few system calls and objects as it takes.

A warm start reads every file of the story to find its cache entry, and a cold one reads them to
parse them: tens of small files. `open(...).read()` builds a buffered file object and asks the
system about the file three times before reading it; this reads the descriptor directly, in
chunks, which halves the time it takes for a story's worth of small files.
"""

from __future__ import annotations

import os

_CHUNK = 1 << 16
_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # O_BINARY: Windows only


class TooBig(Exception):
    """The file has more bytes than the limit (`size`: how many it has)."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_bytes(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """Every byte of the file at `path`; `TooBig` past `limit` bytes (read no further than
    that); OSError as `open` would raise it."""
    fd = os.open(path, _FLAGS)
    try:
        first = os.read(fd, _CHUNK)
        if len(first) < _CHUNK:
            return first  # most story files: one read, and the end of the file
        chunks = [first]
        total = len(first)
        while True:
            if limit is not None and total > limit:
                raise TooBig(os.fstat(fd).st_size)
            chunk = os.read(fd, max(_CHUNK, total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
