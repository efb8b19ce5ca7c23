"""Errors an author or a player can cause, in compiler form: `file:line:col: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class StoryError:
    """One problem in a story, pointing at the YAML node that causes it.

    `line` and `column` are 1-based, as editors count them; 0 for a problem with no place in
    a file (a story folder that is not there), shown then as `path: message`. `code` is a
    short stable name (`unknown-key`, `missing-scene`, ...) that tools and tests can match on.
    """

    file: str
    line: int
    column: int
    message: str
    code: str = "error"
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        if self.line <= 0:
            return f"{self.file}: {prefix}{self.message}"
        return f"{self.file}:{self.line}:{self.column}: {prefix}{self.message}"


class StoryErrors(Exception):
    """A story that cannot be played, with every problem found, not only the first."""

    def __init__(self, errors: list[StoryError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.file, e.line, e.column, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))


class StoryRuntimeError(Exception):
    """A story that loaded but failed while being played (a template error, a soft lock).

    Carries a `StoryError` so front ends print it like a load error, naming the scene.
    """

    def __init__(self, error: StoryError) -> None:
        self.error = error
        super().__init__(str(error))
