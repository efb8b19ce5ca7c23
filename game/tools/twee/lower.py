"""Parts lowered into scenes: prose and conditions into template text, links into choices,
assignments into effects, go-tos into choices that lead on, included passages inlined.

Twine runs a passage's markup top to bottom as the player arrives; the story format shows a
scene and offers choices. So: an assignment at the top level happens on arrival (`on_enter`); a
link is a choice, shown only under the conditions around it; a `(goto:)` reached on arrival
becomes the one way on ("Continue"), and one under a condition becomes a "Continue" shown when
that condition holds, with the passage's other choices hidden then (Twine would have moved on).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.tools.twee.parts import Assign, Goto, If, Include, Link, Loss, Part, Print, Target, Text
from game.tools.twee.source import Passage

CONTINUE = "Continue"
MARK = "⟦Twine, not converted: {what}⟧"


@dataclass(frozen=True)
class Reported:
    """A loss with the passage it came from (an inlined passage's losses are its own)."""

    passage: Passage
    loss: Loss

    @property
    def where(self) -> str:
        return self.passage.where(self.loss.line)


@dataclass
class ChoiceDraft:
    label: str
    target: Target
    conditions: list[str]
    setters: tuple[Assign, ...] = ()
    line: int = 0
    passage: Passage | None = None


@dataclass
class SceneDraft:
    """A scene while it is being built; `write` turns it into YAML."""

    passage: Passage
    text: list[str] = field(default_factory=list)
    on_enter: list[Assign] = field(default_factory=list)
    choices: list[ChoiceDraft] = field(default_factory=list)
    redirects: list[ChoiceDraft] = field(default_factory=list)
    losses: list[Reported] = field(default_factory=list)
    included: set[str] = field(default_factory=set)


def conjunction(conditions: list[str]) -> str | None:
    if not conditions:
        return None
    if len(conditions) == 1:
        return conditions[0]
    return " and ".join(f"({c})" for c in conditions)


class Lowerer:
    """Lowers one passage (and what it includes) into a `SceneDraft`."""

    def __init__(
        self,
        parts_of: Callable[[Passage], list[Part]],
        passages: dict[str, Passage],
        types: dict[str, type],
    ) -> None:
        self.parts_of = parts_of
        self.passages = passages
        self.types = types

    def lower(
        self, passage: Passage, extra_before: list[Passage], extra_after: list[Passage]
    ) -> SceneDraft:
        draft = SceneDraft(passage)
        for header in extra_before:
            self.walk(self.parts_of(header), header, [], draft, {header.name})
        self.walk(self.parts_of(passage), passage, [], draft, {passage.name})
        for footer in extra_after:
            self.walk(self.parts_of(footer), footer, [], draft, {footer.name})
        return draft

    def lose(self, draft: SceneDraft, passage: Passage, loss: Loss) -> None:
        draft.losses.append(Reported(passage, loss))
        if loss.mark:
            draft.text.append(" " + MARK.format(what=loss.what) + " ")

    def walk(
        self,
        parts: list[Part],
        passage: Passage,
        conditions: list[str],
        draft: SceneDraft,
        including: set[str],
    ) -> None:
        for part in parts:
            if isinstance(part, Text):
                draft.text.append(part.text)
            elif isinstance(part, Print):
                draft.text.append("{{ " + part.expression + " }}")
            elif isinstance(part, Loss):
                self.lose(draft, passage, part)
            elif isinstance(part, Assign):
                if not self.fits(part):
                    self.lose(
                        draft, passage, Loss("a value of another type", repr(part.value), part.line)
                    )
                elif conditions:
                    what = f"a change to '{part.variable}' made only under a condition"
                    self.lose(draft, passage, Loss(what, f"{part.variable}", part.line))
                else:
                    draft.on_enter.append(part)
            elif isinstance(part, Link):
                setters = tuple(s for s in part.setters if self.fits(s))
                draft.choices.append(
                    ChoiceDraft(
                        part.label, part.target, list(conditions), setters, part.line, passage
                    )
                )
            elif isinstance(part, Goto):
                draft.redirects.append(
                    ChoiceDraft(CONTINUE, part.target, list(conditions), (), part.line, passage)
                )
            elif isinstance(part, Include):
                self.include(part, passage, conditions, draft, including)
            elif isinstance(part, If):
                self.conditional(part, passage, conditions, draft, including)

    def include(
        self,
        part: Include,
        passage: Passage,
        conditions: list[str],
        draft: SceneDraft,
        including: set[str],
    ) -> None:
        other = self.passages.get(part.name)
        if other is None:
            what = f"an include of '{part.name}', which is not a passage"
            self.lose(draft, passage, Loss(what, part.name, part.line))
        elif other.name in including:
            what = f"an include of '{part.name}' inside itself"
            self.lose(draft, passage, Loss(what, part.name, part.line))
        else:
            draft.included.add(other.name)
            self.walk(self.parts_of(other), other, conditions, draft, including | {other.name})

    def conditional(
        self,
        part: If,
        passage: Passage,
        conditions: list[str],
        draft: SceneDraft,
        including: set[str],
    ) -> None:
        earlier: list[str] = []
        for number, branch in enumerate(part.branches):
            if branch.condition is None:
                draft.text.append("{% else %}")
                here = [f"not ({c})" for c in earlier]
            else:
                draft.text.append(
                    ("{% if " if number == 0 else "{% elif ") + branch.condition + " %}"
                )
                here = [f"not ({c})" for c in earlier] + [branch.condition]
                earlier.append(branch.condition)
            self.walk(branch.parts, passage, conditions + here, draft, including)
        draft.text.append("{% endif %}")

    def fits(self, assign: Assign) -> bool:
        kind = self.types.get(assign.variable)
        if assign.add:
            return kind is int
        return kind is type(assign.value)


def effects(assigns: list[Assign] | tuple[Assign, ...]) -> dict[str, Any]:
    """`set`/`add` mappings from assignments in order: a set then adds folds into one set."""
    sets: dict[str, Any] = {}
    adds: dict[str, int] = {}
    for assign in assigns:
        if assign.add:
            if assign.variable in sets:
                sets[assign.variable] = sets[assign.variable] + assign.value
            else:
                adds[assign.variable] = adds.get(assign.variable, 0) + int(assign.value)
        else:
            sets[assign.variable] = assign.value
            adds.pop(assign.variable, None)
    result: dict[str, Any] = {}
    if sets:
        result["set"] = sets
    adds = {k: v for k, v in adds.items() if v}
    if adds:
        result["add"] = adds
    return result
