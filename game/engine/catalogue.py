"""Compiled gettext catalogues, built from their `.po` file when the `.mo` is missing or stale.

Translators edit `.po` files; gettext reads `.mo` files. Rather than make every translator
remember a compile step, a catalogue is compiled (with Babel) the first time it is read after
its `.po` changed, and the `.mo` written beside it when the folder can be written (atomically:
a reader never sees half a file). When it cannot, the compiled catalogue is used from memory.
Fuzzy messages are never compiled: they wait for a translator's review and the source shows.
"""

from __future__ import annotations

import contextlib
import gettext
import io
from pathlib import Path


def is_stale(po: Path, mo: Path) -> bool:
    """Whether `mo` is missing or older than `po`."""
    try:
        return mo.stat().st_mtime_ns < po.stat().st_mtime_ns
    except OSError:
        return True


def compile_po(po: Path) -> bytes:
    """The `.mo` bytes of a `.po` file (fuzzy messages left out); `ValueError` if unreadable."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    try:
        with po.open("rb") as stream:
            catalog = read_po(stream)
    except (OSError, ValueError, SyntaxError) as exc:  # Babel raises these for a broken file
        raise ValueError(f"{po}: cannot read this catalogue: {exc}") from exc
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def load_catalogue(po: Path) -> gettext.GNUTranslations | None:
    """The compiled catalogue of `po`, compiled first if need be; None if it cannot be read."""
    from game.engine.atomic import write_atomic

    mo = po.with_suffix(".mo")
    if not is_stale(po, mo):
        try:
            with mo.open("rb") as stream:
                return gettext.GNUTranslations(stream)
        except (OSError, ValueError):  # a damaged .mo is compiled again below
            pass
    try:
        data = compile_po(po)
    except ValueError:
        return None
    with contextlib.suppress(OSError):  # a read-only install: the catalogue is used from memory
        write_atomic(mo, data, durable=False)
    return gettext.GNUTranslations(io.BytesIO(data))
