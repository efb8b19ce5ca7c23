"""Why this ending, and why each item of its timeline: the player's own choices that led there.

Derived from the history, never written by the author. An item of the timeline shows because
its condition held; a choice of the player's is one of its causes when, but for that choice's
change to a variable the condition reads (its effects, its outcome's, and the `on_enter` of the
scene it led to), the condition would not have held: the latest such choice for each variable,
and the step that took the player to a scene whose visits it reads. Where two choices were each
enough on their own (a `set` to what an earlier choice set already), the latest is named; where
the condition needed any one of several (`a or b`, both made true), each is. An
ending's causes are first the choices at which every other choice on offer led where it could
not be reached any more (the scene graph says where each way can still lead), then the causes
of the conditions (`if`, `enabled_if`) of those and of the choice after which no other ending
was within reach (the last one, or the one before a last question) when a choice not on offer
there led to another ending, and, once removed, of the choices those named; then the
last random choice after the last decision whose other outcomes all led away from it (the risk
the player took) and what made its outcome likelier; a condition met on a way that could have
reached this ending anyway let play go that way, not here. A step at which no other choice was
on offer was no decision of the player's: what left them no other (the causes of the conditions
that closed the rest, and the step that brought them there) is named in its place. A value
only the draw of a random outcome gave is the choice's doing only when that choice made it
likelier than every other on offer; else what made that outcome likelier is named instead.
Either way at most `MOST` are kept, the first in that order, told in story order (and the ending
view names each choice once: where it is first told, the ending's own lines, then the timeline's):

    Because you chose "Copy Aleida's branch" (The cold aisle, turn 2)

The label is quoted as the player saw it (labels are imperatives, quotes, fragments: no one
phrasing rewrites them all), with the scene it was taken in and the turn, counting the player's
choices from 1. A change that decides nothing is never a cause, so neither is an effect the
consequence audit calls dead (game/tools/audit.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from game.engine.errors import StoryRuntimeError
from game.engine.interface_text import tr
from game.engine.model import Choice, Effects, Story
from game.engine.state import GameState

if TYPE_CHECKING:
    from game.engine.machine import Engine

MOST = 3  # causes told per ending or item

# What a source in a gate is: a condition (as true or false), or a weight, of the outcome that was
# drawn (a choice that raised it made that outcome likelier) or of the likeliest one that was not
# (a choice that lowered it did: the player feels what would have happened instead, not a third
# chance that was never close): a change that made the drawn outcome less likely is never its
# cause.
CONDITION, DRAWN, NOT_DRAWN = 0, 1, -1


@dataclass(frozen=True)
class Cause:
    """One choice of this playthrough that led to something."""

    turn: int  # the player's nth choice, from 1
    label: str  # as the player saw it
    scene: str
    scene_title: str
    # credited only for the odds it gave a draw that decided (see `_credit`): it made what
    # happened likelier, it did not make it happen
    likelier: bool = False

    def sentence(self) -> str:
        if self.likelier:
            line = tr('Made likelier by your choice "{label}" ({scene}, turn {turn})')
        else:
            line = tr('Because you chose "{label}" ({scene}, turn {turn})')
        return line.format(label=self.label, scene=self.scene_title, turn=self.turn)


@dataclass(frozen=True)
class Taken:
    """One choice of the history, as causes need it."""

    cause: Cause
    before: GameState  # the state it was taken in (history aside)
    changed: frozenset[str]  # the variables whose values it changed
    effects: tuple[Effects, ...] | None  # in the order applied (None: not known any more)
    entered: str  # the scene it led to
    gate: tuple[tuple[str, int], ...]  # the conditions and weights it was taken under, and kinds
    others: frozenset[str] = frozenset()  # where the other choices on offer could have led
    chances: frozenset[str] = frozenset()  # where the outcomes not drawn could have led
    hidden: frozenset[str] = frozenset()  # where the scene's choices not on offer lead
    # the conditions that kept the scene's other choices off offer, when none was left: the
    # player had no say at this step (see `_owned`)
    closed: tuple[tuple[str, int], ...] | None = None
    # the variables only its drawn outcome changed, to a value another choice on offer was at
    # least as likely to give: luck, not this choice (see `_credit`)
    luck: frozenset[str] = frozenset()


def history(engine: Engine, state: GameState) -> list[Taken]:
    """Each choice the player made to reach `state`, first to last."""
    steps = state.history
    story = engine.story
    taken: list[Taken] = []
    for number, step in enumerate(steps):
        before = step.before
        after = steps[number + 1].before if number + 1 < len(steps) else state.snapshot()
        old = dict(before.variables)
        changed = frozenset(n for n, v in after.variables if n in old and old[n] != v)
        scene = story.scenes.get(before.scene)
        title = before.scene
        at = GameState(before.scene, before.variables, before.visits, before.turn, rng=before.rng)
        if scene is not None:
            title = _title_seen(engine, at, scene.title)
        gate: tuple[tuple[str, int], ...] = ()
        effects: tuple[Effects, ...] | None = None
        others: frozenset[str] = frozenset()
        chances: frozenset[str] = frozenset()
        hidden: frozenset[str] = frozenset()
        closed: tuple[tuple[str, int], ...] | None = None
        instead: int | None = None  # the outcome not drawn that was likeliest to come instead
        luck: frozenset[str] = frozenset()
        try:
            visible = engine.visible_choices(at)
            index, choice = visible[step.choice]
            entered = story.scenes[after.scene]
            if choice.outcomes is not None and step.outcome is not None:
                odds = engine.weights(at, step.choice)
                rest = [(w, -n) for n, w in enumerate(odds) if n != step.outcome]
                instead = -max(rest)[1] if rest else None
            others = _offered(engine, at, visible, step.choice)
            hidden = frozenset(
                target
                for number, other in enumerate(story.scenes[before.scene].choices)
                if number != index and all(number != i for i, _ in visible)
                for target in _targets(other)
            )
            if not others:
                closed = _closed(engine, at, story.scenes[before.scene].choices, index)
            elif choice.outcomes is not None and step.outcome is not None:
                luck = _luck(
                    engine, at, visible, step.choice, step.outcome, changed, dict(after.variables)
                )
        except (StoryRuntimeError, IndexError, KeyError):
            pass  # the story changed under a saved game: this step is not known any more
        else:
            gate = tuple((g, CONDITION) for g in (choice.if_, choice.enabled_if) if g is not None)
            outcomes = choice.outcomes or []
            gate += tuple(
                (o.weight, DRAWN if number == step.outcome else NOT_DRAWN)
                for number, o in enumerate(outcomes)
                if isinstance(o.weight, str) and number in (step.outcome, instead)
            )
            effects = (choice.effects,)
            if step.outcome is not None and step.outcome < len(outcomes):
                effects += (outcomes[step.outcome].effects,)
                chances = frozenset(
                    o.goto for number, o in enumerate(outcomes) if number != step.outcome
                )
            effects += (entered.on_enter,)
        cause = Cause(before.turn + 1, step.label, before.scene, title)
        taken.append(
            Taken(
                cause,
                at,
                changed,
                effects,
                after.scene,
                gate,
                others,
                chances,
                hidden,
                closed,
                luck,
            )
        )
    return taken


_UNKNOWN = object()  # a value worked out in play: what a choice would give is not known


def _gives(story: Story, name: str, value: Any, effects: list[Effects]) -> Any:
    """What `name` holds after `effects`, from `value` (`_UNKNOWN` when worked out in play)."""
    var = story.variables[name]
    for each in effects:
        if each.dynamic_on(name):
            return _UNKNOWN
        if name in each.set_:
            value = var.clamp(each.set_[name])
        amount = each.add.get(name)
        if isinstance(amount, int) and isinstance(value, int):
            value = var.clamp(value + amount)
    return value


def _chance_of(
    engine: Engine, at: GameState, number: int, choice: Choice, name: str, value: Any
) -> float | None:
    """How likely visible choice `number` was to leave `name` holding `value` (None: not known)."""
    story = engine.story
    before = at.value(name)
    if choice.outcomes is None:
        target = story.scenes.get(choice.goto or "")
        enter = [target.on_enter] if target is not None else []
        got = _gives(story, name, before, [choice.effects, *enter])
        return None if got is _UNKNOWN else float(got == value)
    odds = engine.weights(at, number)
    total = sum(odds)
    hits = 0.0
    for weight, outcome in zip(odds, choice.outcomes, strict=True):
        target = story.scenes.get(outcome.goto)
        enter = [target.on_enter] if target is not None else []
        got = _gives(story, name, before, [choice.effects, outcome.effects, *enter])
        if got is _UNKNOWN:
            return None
        hits += weight if got == value else 0.0
    return hits / total if total > 0 else None


def _luck(
    engine: Engine,
    at: GameState,
    visible: list[tuple[int, Choice]],
    picked: int,
    drawn: int,
    changed: frozenset[str],
    after: dict[str, Any],
) -> frozenset[str]:
    """The variables that only the drawn outcome of the choice picked changed, to a value some
    other choice on offer was at least as likely to give: the wall held after "Drag Danielle",
    but stepping into the gap was likelier to hold it, so the dragging is not why it held."""
    _, choice = visible[picked]
    outcomes = choice.outcomes or []
    if drawn >= len(outcomes):
        return frozenset()
    target = engine.story.scenes.get(outcomes[drawn].goto)
    own = choice.effects.changes() | (target.on_enter.changes() if target is not None else set())
    context = engine.context(at)
    found = set()
    for name in changed & outcomes[drawn].effects.changes():
        if name in own:
            continue  # the choice itself changed it: a decision, not a draw
        value = after[name]
        mine = _chance_of(engine, at, picked, choice, name, value)
        if mine is None:
            continue
        for number, (index, other) in enumerate(visible):
            if number == picked or not engine._enabled(at, index, other, context)[0]:
                continue
            theirs = _chance_of(engine, at, number, other, name, value)
            if theirs is not None and theirs >= mine:
                found.add(name)
                break
    return frozenset(found)


def _closed(
    engine: Engine, at: GameState, choices: list[Choice], picked: int
) -> tuple[tuple[str, int], ...]:
    """What kept each choice of the scene but `picked` off offer: its `if` when that hid it,
    else its `enabled_if`."""
    context = engine.context(at)
    gates: list[tuple[str, int]] = []
    for index, choice in enumerate(choices):
        if index == picked:
            continue
        if choice.if_ is not None and not engine._holds(choice.if_, context, at.scene, ()):
            gates.append((choice.if_, CONDITION))
        elif choice.enabled_if is not None:
            gates.append((choice.enabled_if, CONDITION))
    return tuple(gates)


def _offered(
    engine: Engine, at: GameState, visible: list[tuple[int, Choice]], picked: int
) -> frozenset[str]:
    """The scenes the enabled choices other than the one picked could have led to."""
    context = engine.context(at)
    scenes: set[str] = set()
    for number, (index, choice) in enumerate(visible):
        if number == picked or not engine._enabled(at, index, choice, context)[0]:
            continue
        scenes.update(_targets(choice))
    return frozenset(scenes)


def _targets(choice: Choice) -> list[str]:
    if choice.goto is not None:
        return [choice.goto]
    return [outcome.goto for outcome in choice.outcomes or []]


def endings_within_reach(story: Story) -> dict[str, frozenset[str]]:
    """For each scene, the endings some way through the scene graph leads to from it (conditions
    not read: a way that a condition might close still counts as a way)."""
    reach: dict[str, set[str]] = {
        scene_id: ({scene.end} if scene.end is not None else set())
        for scene_id, scene in story.scenes.items()
    }
    moved = True
    while moved:
        moved = False
        for scene_id, scene in story.scenes.items():
            for choice in scene.choices:
                for target in _targets(choice):
                    more = reach.get(target, set()) - reach[scene_id]
                    if more:
                        reach[scene_id] |= more
                        moved = True
    return {scene_id: frozenset(ends) for scene_id, ends in reach.items()}


def _title_seen(engine: Engine, at: GameState, source: str) -> str:
    """A scene's title as the player saw it in state `at` (a templated title rendered there),
    for a sentence; a title that cannot be rendered any more (the story changed under a saved
    game) is named by its first line, as written."""
    try:
        return engine._render(source, engine.context(at), at.scene, ("title",)).strip()
    except StoryRuntimeError:
        title = engine._translate(at.scene, ("title",), source).strip()
        return title.splitlines()[0] if title else title


def reads(source: str) -> tuple[list[str], list[str], bool]:
    """The names a condition or weight reads, the scenes whose visits it reads, and whether it
    counts visits (`visits`) rather than asking whether a scene was seen (`visited`)."""
    from game.engine import expressions  # Jinja only once an ending is shown

    found = expressions.expression_reads(source)
    if isinstance(found, list):
        return [], [], False
    names = [name for name, _ in found.names]
    return names, list(found.scenes), "visits" in names


def _without(story: Story, taken: list[Taken], left_out: int, name: str, until: int) -> Any:
    """What `name` would hold before step `until` had step `left_out` not touched it (each
    later step doing to it what it did: effects on one variable read no other)."""
    value = taken[left_out].before.value(name)
    for number in range(left_out + 1, until):
        step = taken[number]
        assert step.effects is not None
        got = _gives(story, name, value, list(step.effects))
        if got is _UNKNOWN:
            # worked out from other variables as play went (a computed value, a `when`):
            # taken as it came out, which is what that step did
            if number + 1 < len(taken):
                value = taken[number + 1].before.value(name)
            continue
        value = got
    return value


def _worked_out(source: str, kind: int, context: dict[str, Any]) -> Any:
    """What a condition (as true or false) or a weight (as it is) comes to."""
    from game.engine import expressions

    value = expressions.evaluate(source, context)
    return value if kind != CONDITION else bool(value)


def causes_of(
    engine: Engine,
    sources: tuple[tuple[str, int], ...],
    taken: list[Taken],
    until: int,
    state: GameState,
    likelier: set[int] | None = None,
) -> list[int]:
    """The steps before step `until` without which what `sources` (conditions, or weights of
    outcomes drawn and not drawn) came to in `state` would have come out otherwise, latest
    first; and the step that first entered (or, for `visits`, last entered) each scene whose
    visits they read. A step counts only if it changed a value read and, had it not, the
    condition would have gone the other way (the weight come out otherwise, against the outcome
    drawn): never a change nothing could notice. Steps credited only for the odds of a draw
    that decided (see `_credit`), and for nothing else, are added to `likelier`."""
    found: list[int] = []
    by_odds: set[int] = set()  # steps credited for a draw's odds
    direct: set[int] = set()  # steps credited for what they decided
    context = engine.context(state)
    declared = engine.story.variables
    for source, kind in sources:
        names, scenes, counted = reads(source)
        try:
            actual = _worked_out(source, kind, context)
        except Exception:  # a condition that fails is the view's to report, not ours
            continue
        read = [name for name in names if name in declared]
        alone = [_cause(engine, taken, until, n, (source, kind), context, actual) for n in read]
        if any(n is not None for n in alone):
            credited = [(name, n) for name, n in zip(read, alone, strict=True) if n is not None]
        else:
            credited = _together(engine, taken, until, read, (source, kind), context, actual)
        for name, cause in zip(read, alone, strict=True):
            if cause is None:  # a fact set on purpose that held the source beside something else
                also = _also_enough(
                    engine, taken, until, name, read, (source, kind), context, actual
                )
                credited += [(name, also)] if also is not None else []
        for name, number in credited:
            decided, odds = _credit(engine, taken, name, number)
            found += decided + odds
            direct.update(decided)
            by_odds.update(odds)
        for seen in scenes:
            entering = [n for n in range(until) if taken[n].entered == seen]
            if entering:
                found.append(entering[-1] if counted else entering[0])
                direct.add(found[-1])
    if likelier is not None:
        likelier.update(by_odds - direct)
    return sorted(set(found), reverse=True)


def _cause(
    engine: Engine,
    taken: list[Taken],
    until: int,
    name: str,
    source: tuple[str, int],
    context: dict[str, Any],
    actual: Any,
) -> int | None:
    """The step that decided what `source` made of variable `name`: the latest whose change
    to it, taken away, makes the source come out otherwise; failing that (two choices each
    enough on its own), the latest that `set` it and changed it (else the latest that set it),
    if any value of it would have made the source come out otherwise. Never, failing that, the
    latest of many `add`s to a sum that no one of them decided: which of them came last is
    chance, not a reason."""
    candidates = []
    for number in range(until - 1, -1, -1):
        step = taken[number]
        if step.effects is None:
            break  # a step no longer known: nothing before it can be judged
        if name in step.changed or any(name in e.set_ for e in step.effects):
            candidates.append(number)
    for number in candidates:
        otherwise = dict(context)
        otherwise[name] = _without(engine.story, taken, number, name, until)
        if _differs(source, otherwise, actual):
            return number
    setting = [n for n in candidates if any(name in e.set_ for e in taken[n].effects or ())]
    # a `set` to the value it already held changed nothing the player could notice: the one
    # that did change it is told (the recorder, not the camera picked up after it)
    changing = [n for n in setting if name in taken[n].changed]
    if setting and _matters(engine.story, name, source, context, actual):
        return (changing or setting)[0]
    return None


def _also_enough(
    engine: Engine,
    taken: list[Taken],
    until: int,
    name: str,
    read: list[str],
    source: tuple[str, int],
    context: dict[str, Any],
    actual: Any,
) -> int | None:
    """The latest step that `set` variable `name` to what it holds, when that alone would have
    held what `source` came to had something else it reads been otherwise (`a or b` with both
    made true: the deal the player struck is told even though their goodwill was enough):
    with one other variable moved to another of its values, the source comes out as it did,
    and without that step it would not."""
    story = engine.story
    for number in range(until - 1, -1, -1):
        step = taken[number]
        if step.effects is None:
            return None
        if name not in step.changed or not any(name in e.set_ for e in step.effects):
            continue
        without = _without(story, taken, number, name, until)
        for other in read:
            for value in _values(story, other) if other != name else []:
                world = {**context, other: value}
                if not _differs(source, world, actual) and _differs(
                    source, {**world, name: without}, actual
                ):
                    return number
        return None
    return None


def _together(
    engine: Engine,
    taken: list[Taken],
    until: int,
    names: list[str],
    source: tuple[str, int],
    context: dict[str, Any],
    actual: Any,
) -> list[tuple[str, int]]:
    """When no one choice decided a source (`destination == 'mars' or has_codes`, both made
    true): the latest choice that changed each variable, for the variables that would decide
    it had none of those choices been made."""
    latest: dict[str, int] = {}
    for name in names:
        for number in range(until - 1, -1, -1):
            step = taken[number]
            if step.effects is None:
                break
            if name in step.changed:
                latest[name] = number
                break
    otherwise = dict(context)
    for name, number in latest.items():
        otherwise[name] = _without(engine.story, taken, number, name, until)
    if not _differs(source, otherwise, actual):
        return []
    return [
        (name, number)
        for name, number in latest.items()
        if _matters(engine.story, name, source, otherwise, _worked_out(*source, otherwise))
    ]


def _credit(
    engine: Engine, taken: list[Taken], name: str, number: int
) -> tuple[list[int], list[int]]:
    """Who decided what `name` holds, found set at step `number`: the step itself, unless only
    the luck of its draw did (another choice on offer was as likely to give that value); and,
    when it was a draw, what made the outcome drawn likelier (the causes of its odds, as for a
    gamble), told as having made it likelier, not as its cause. A shot fired at the hatch is
    the player's for stepping into the gap, and the barricade's for the odds it added."""
    step = taken[number]
    odds = tuple(source for source in step.gate if source[1] != CONDITION)
    likelier = causes_of(engine, odds, taken, number, step.before) if odds else []
    return ([] if name in step.luck else [number]), likelier


def _differs(source: tuple[str, int], context: dict[str, Any], actual: Any) -> bool:
    """Whether `source` comes out otherwise in `context` than `actual`: a condition the other
    way; the weight of the outcome drawn lower, or of one not drawn higher (so that a choice
    counts for a random outcome only if it made that outcome likelier)."""
    text, kind = source
    try:
        value = _worked_out(text, kind, context)
        if kind == DRAWN:
            return bool(value < actual)
        if kind == NOT_DRAWN:
            return bool(value > actual)
        return bool(value != actual)
    except Exception:  # a value the source cannot work with decides nothing here
        return False


def _matters(
    story: Story, name: str, source: tuple[str, int], context: dict[str, Any], actual: Any
) -> bool:
    """Whether some value `name` can hold would make `source` come out otherwise (False when
    its values are too many to try)."""
    return any(_differs(source, {**context, name: v}, actual) for v in _values(story, name))


def _values(story: Story, name: str) -> list[Any]:
    """The values variable `name` can hold (none when they are too many to try)."""
    var = story.variables[name]
    if var.kind is bool:
        return [False, True]
    if var.kind is int and var.min is not None and var.max is not None:
        return list(range(var.min, var.max + 1)) if var.max - var.min <= 1000 else []
    if var.values is not None:
        return list(var.values)
    return []


def _owned(engine: Engine, numbers: list[int], taken: list[Taken]) -> list[int]:
    """`numbers`, each step at which the player had no other choice on offer replaced by what
    left them none: the causes of the conditions that kept the others off offer, then the step
    that brought them to that scene (itself replaced in turn when it was no choice either)."""
    owned: list[int] = []
    for number in numbers:
        while number >= 0 and (closed := taken[number].closed) is not None:
            owned += causes_of(engine, closed, taken, number, taken[number].before)
            number -= 1
        if number >= 0:
            owned.append(number)
    return owned


def _told(
    numbers: list[int], taken: list[Taken], likelier: set[int] | None = None
) -> tuple[Cause, ...]:
    """The latest `MOST` of some steps, in story order; those in `likelier` told as such."""
    kept: list[int] = []
    for number in numbers:
        if number not in kept:
            kept.append(number)
        if len(kept) == MOST:
            break
    odds = likelier or set()
    return tuple(
        replace(taken[n].cause, likelier=True) if n in odds else taken[n].cause
        for n in sorted(kept)
    )


def ending_causes(engine: Engine, taken: list[Taken], ending: str) -> tuple[Cause, ...]:
    """The choices that took play to its ending. First those at which every other choice on
    offer led where this ending could no longer be reached (the player's own decisions), the
    latest first; then what put those on offer or, at the choice after which no other ending was
    within reach, chose this ending by a condition (the causes of their conditions, and once
    removed the causes of those); then the last random choice after the last decision whose
    other outcomes all led away from this ending (the risk taken that came out this way: before
    a decision, the decision is what the player will recognise), and what made it come out so (a
    change that made the outcome drawn likelier, or the likeliest other less likely; never one
    that worked against it, and not, once removed, what let that change be made). A condition
    met on a way that could have reached this ending anyway is not told: it let play go that
    way, not here."""
    reach = endings_within_reach(engine.story)

    def away(scenes: frozenset[str]) -> bool:
        return bool(scenes) and not any(ending in reach.get(s, frozenset()) for s in scenes)

    decided = [
        number
        for number in range(len(taken) - 1, -1, -1)
        if taken[number].effects is not None and away(taken[number].others)
    ]
    # the last gamble whose every other outcome led away, after the player's last decision: the
    # risk taken that brought them here (before a decision, the decision is what they will
    # recognise; before that gamble, an earlier one only set the table for it)
    gambles = [
        number
        for number in range(len(taken) - 1, max(decided, default=-1), -1)
        if taken[number].effects is not None and away(taken[number].chances)
    ][:1]
    opened: list[int] = []  # what put a decision on offer, or made it: told before the gambles
    further: list[int] = []  # what made a gamble come out this way
    # choices named for what they changed in a decision's conditions, whose own conditions are
    # told in turn (once removed; what changed a gamble's odds is told, but not what let it)
    named: set[int] = set()
    for number in range(len(taken) - 1, -1, -1):
        step = taken[number]
        # the choice after which no other ending was within reach (the one that entered the
        # ending, or a last question on the way to it) chose this ending by a condition when a
        # choice not on offer there led away from it
        settled = reach.get(step.entered) == frozenset({ending})
        chosen_by_condition = (
            settled
            and reach.get(step.before.scene) != frozenset({ending})
            and any(ending not in reach.get(s, frozenset()) for s in step.hidden)
        )
        decision = number in decided or chosen_by_condition
        direct = decision or number in gambles
        if step.gate and (direct or number in named):
            found = causes_of(engine, step.gate, taken, number, step.before)
            (opened if decision or number in named else further).extend(found)
            if decision:  # what let such a choice be made mattered too, once removed
                named.update(found)
    # what only changed a gamble's odds made this ending likelier; it did not choose it
    likelier = set(further) - set(decided + opened + gambles)
    return _told(_owned(engine, decided + opened + gambles + further, taken), taken, likelier)


def item_causes(
    engine: Engine, condition: str | None, taken: list[Taken], state: GameState
) -> tuple[Cause, ...]:
    """The choices without which a timeline item's condition would not have held."""
    if condition is None:
        return ()
    likelier: set[int] = set()
    found = causes_of(engine, ((condition, False),), taken, len(taken), state, likelier)
    return _told(_owned(engine, found, taken), taken, likelier)
