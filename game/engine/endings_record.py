"""Which endings the player has found, kept beside the saves and written the same safe way.

The record is its own file (`endings.json` in the story's save folder), so no damaged save can take
it down. Reading never writes. If the record itself is damaged, `read()` reports it and finds
nothing; the next `add()` moves the damaged file aside (to `endings.json.damaged`, or
`.damaged-2`, ... so no earlier one is overwritten), starts a fresh record, and says so.

With each ending it keeps its page as the player last read it (`EndingPage`: the text and the
timeline, which depend on the game that reached it), so the endings gallery can open it again.
Version 1 records (found times only) are read as they are; the next `add` writes version 2.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.engine.atomic import describe_os_error, describe_read_error, set_aside, write_atomic
from game.engine.file_bytes import NotAFile, TooBig, read_bytes
from game.engine.save_file import SaveError
from game.engine.view import SceneView

RECORD_FILE = "endings.json"
RECORD_FORMAT = "goldilocks-endings"
RECORD_VERSION = 2
READABLE_VERSIONS = (1, 2)


@dataclass(frozen=True)
class EndingPage:
    """An ending as the player last read it: its text, and its timeline as (year, event)."""

    text: str
    timeline: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, view: SceneView) -> EndingPage:
        """The page of an ending scene as the player sees it now."""
        consequences = view.ending.consequences if view.ending is not None else ()
        return cls(view.text, tuple((item.year, item.text) for item in consequences))


MAX_RECORD_BYTES = 4 * 1024 * 1024  # thousands of endings; refuses to read a stray huge file


@dataclass(frozen=True)
class EndingsFound:
    """The ending ids found (with when each was first found), and a problem with the file."""

    found: dict[str, datetime]
    problem: str | None = None  # one line when the record was damaged (it is left as it is)
    pages: dict[str, EndingPage] = field(default_factory=dict)  # as each was last read


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
            entries = self._stories().get(self.story_title, {})
        except _Damaged as exc:
            return EndingsFound({}, f"{self.path}: {exc}")
        found = {ending: entry.found for ending, entry in entries.items()}
        pages = {e: entry.page for e, entry in entries.items() if entry.page is not None}
        return EndingsFound(found, pages=pages)

    def found(self) -> frozenset[str]:
        return frozenset(self.read().found)

    def add(
        self, ending: str, when: datetime | None = None, page: EndingPage | None = None
    ) -> EndingAdded:
        """Record `ending` as found, with its `page` as the player last read it (a later page
        replaces an earlier one); `SaveError` if the record cannot be written."""
        notice = None
        try:
            stories = self._stories()
        except _Damaged as exc:
            kept = self._set_aside()
            stories = {}
            notice = f"{self.path}: {exc}; kept as {kept.name}, and a new record started"
        found = stories.setdefault(self.story_title, {})
        known = found.get(ending)
        if known is not None and notice is None and (page is None or known.page == page):
            return EndingAdded(new=False)
        moment = known.found if known is not None else when or datetime.now(UTC)
        if page is None and known is not None:
            page = known.page
        found[ending] = _Entry(moment, page)
        document = {
            "format": RECORD_FORMAT,
            "version": RECORD_VERSION,
            "stories": {
                title: {key: entry.as_json() for key, entry in sorted(ids.items())}
                for title, ids in sorted(stories.items())
            },
        }
        data = (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            write_atomic(self.path, data)
        except OSError as exc:
            message = f"cannot record the ending in {self.path}: {describe_os_error(exc)}"
            raise SaveError(message) from None
        return EndingAdded(new=known is None, notice=notice)

    def _stories(self) -> dict[str, dict[str, _Entry]]:
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
        if document.get("version") not in READABLE_VERSIONS:
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


@dataclass(frozen=True)
class _Entry:
    """An ending in the file: when it was first found, and its page as last read."""

    found: datetime
    page: EndingPage | None = None

    def as_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"found": self.found.isoformat()}
        if self.page is not None:
            entry["text"] = self.page.text
            entry["timeline"] = [list(item) for item in self.page.timeline]
        return entry


def _parse_stories(stories: Any) -> dict[str, dict[str, _Entry]]:
    if not isinstance(stories, dict):
        raise _Damaged("damaged: 'stories' is not an object")
    result: dict[str, dict[str, _Entry]] = {}
    for title, ids in stories.items():
        if not isinstance(ids, dict):
            raise _Damaged(f"damaged: the endings of {title!r} are not an object")
        found: dict[str, _Entry] = {}
        for ending, value in ids.items():
            if not isinstance(ending, str) or not _utf8(ending) or not _utf8(title):
                raise _Damaged("damaged: an ending's name holds an invalid character")
            found[ending] = _parse_entry(ending, value)
        result[title] = found
    return result


def _parse_entry(ending: str, value: Any) -> _Entry:
    """Version 1 keeps a time alone; version 2 an object with the time and the page."""
    when = value.get("found") if isinstance(value, dict) else value
    try:
        moment = datetime.fromisoformat(when) if isinstance(when, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not 1970 <= moment.year <= 9000:
        raise _Damaged(f"damaged: the time of ending {ending!r} is not a date and time")
    if not isinstance(value, dict) or "text" not in value:
        return _Entry(moment)
    text, timeline = value.get("text"), value.get("timeline", [])
    if not isinstance(text, str) or not _utf8(text) or not isinstance(timeline, list):
        raise _Damaged(f"damaged: the page of ending {ending!r} is not text and a timeline")
    items = []
    for item in timeline:
        if not (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(x, str) and _utf8(x) for x in item)
        ):
            raise _Damaged(f"damaged: the timeline of ending {ending!r} is not (year, text) pairs")
        items.append((item[0], item[1]))
    return _Entry(moment, EndingPage(text, tuple(items)))


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
