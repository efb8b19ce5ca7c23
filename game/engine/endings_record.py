"""Which endings the player has found, kept beside the saves and written the same safe way.

The record is its own file (`endings.json` in the story's save folder), so no damaged save can take
it down. Reading never writes. If the record itself is damaged, `read()` reports it and finds
nothing; the next `add()` moves the damaged file aside (to `endings.json.damaged`, or
`.damaged-2`, ... so no earlier one is overwritten), starts a fresh record, and says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.engine.atomic import describe_os_error, describe_read_error, set_aside, write_atomic
from game.engine.file_bytes import NotAFile, TooBig, read_bytes
from game.engine.save_file import SaveError

RECORD_FILE = "endings.json"
RECORD_FORMAT = "goldilocks-endings"
RECORD_VERSION = 1
MAX_RECORD_BYTES = 4 * 1024 * 1024  # thousands of endings; refuses to read a stray huge file


@dataclass(frozen=True)
class EndingsFound:
    """The ending ids found (with when each was first found), and a problem with the file."""

    found: dict[str, datetime]
    problem: str | None = None  # one line when the record was damaged (it is left as it is)


@dataclass(frozen=True)
class EndingAdded:
    new: bool  # first time this ending was found
    notice: str | None = None  # one line when a damaged record had to be set aside


class EndingsRecord:
    """The endings of one story (by title) that the player has found, in one JSON file."""

    def __init__(self, path: Path, story_title: str) -> None:
        self.path = Path(path)
        self.story_title = story_title

    def read(self) -> EndingsFound:
        """What has been found; an empty record when there is none yet or it is damaged."""
        try:
            return EndingsFound(self._stories().get(self.story_title, {}))
        except _Damaged as exc:
            return EndingsFound({}, f"{self.path}: {exc}")

    def found(self) -> frozenset[str]:
        return frozenset(self.read().found)

    def add(self, ending: str, when: datetime | None = None) -> EndingAdded:
        """Record `ending` as found; `SaveError` if the record cannot be written."""
        notice = None
        try:
            stories = self._stories()
        except _Damaged as exc:
            kept = self._set_aside()
            stories = {}
            notice = f"{self.path}: {exc}; kept as {kept.name}, and a new record started"
        found = stories.setdefault(self.story_title, {})
        if ending in found and notice is None:
            return EndingAdded(new=False)
        found.setdefault(ending, when or datetime.now(UTC))
        document = {
            "format": RECORD_FORMAT,
            "version": RECORD_VERSION,
            "stories": {
                title: {key: moment.isoformat() for key, moment in sorted(ids.items())}
                for title, ids in sorted(stories.items())
            },
        }
        data = (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            write_atomic(self.path, data)
        except OSError as exc:
            message = f"cannot record the ending in {self.path}: {describe_os_error(exc)}"
            raise SaveError(message) from None
        return EndingAdded(new=True, notice=notice)

    def _stories(self) -> dict[str, dict[str, datetime]]:
        try:
            raw = read_bytes(self.path, MAX_RECORD_BYTES, inside=str(self.path.parent))
        except FileNotFoundError:
            return {}
        except (NotAFile, TooBig) as exc:
            raise _Damaged(f"damaged: {exc.strerror}") from None
        except OSError as exc:
            raise _Damaged(f"cannot be read: {describe_read_error(exc)}") from None
        try:
            document = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):
            raise _Damaged("damaged: not valid JSON") from None
        if not isinstance(document, dict) or document.get("format") != RECORD_FORMAT:
            raise _Damaged("damaged: not an endings record")
        if document.get("version") != RECORD_VERSION:
            raise _Damaged(f"unknown endings record version {document.get('version')!r}")
        return _parse_stories(document.get("stories"))

    def _set_aside(self) -> Path:
        """Rename the damaged record out of the way, never over an earlier damaged one."""
        try:
            return set_aside(self.path, "damaged")
        except FileNotFoundError:  # unreadable because it is not there: nothing to keep
            return self.path
        except OSError as exc:
            message = f"cannot set the damaged {self.path} aside: {describe_os_error(exc)}"
            raise SaveError(message) from None


class _Damaged(Exception):
    pass


def _parse_stories(stories: Any) -> dict[str, dict[str, datetime]]:
    if not isinstance(stories, dict):
        raise _Damaged("damaged: 'stories' is not an object")
    result: dict[str, dict[str, datetime]] = {}
    for title, ids in stories.items():
        if not isinstance(ids, dict):
            raise _Damaged(f"damaged: the endings of {title!r} are not an object")
        found: dict[str, datetime] = {}
        for ending, when in ids.items():
            if not isinstance(ending, str) or not _utf8(ending) or not _utf8(title):
                raise _Damaged("damaged: an ending's name holds an invalid character")
            try:
                moment = datetime.fromisoformat(when) if isinstance(when, str) else None
            except ValueError:
                moment = None
            if moment is None or moment.tzinfo is None or not 1970 <= moment.year <= 9000:
                raise _Damaged(f"damaged: the time of ending {ending!r} is not a date and time")
            found[ending] = moment
        result[title] = found
    return result


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
