"""Synthetic stories for the benchmarks: any number of scenes, the same bytes for the same seed.

The shape follows what a real story looks like to the engine, so the figures mean something:
about 80 words of Markdown per scene with a variable or a conditional sentence in some of them,
three choices per scene with `if`/`enabled_if` conditions (some repeated, as authors repeat
them), `set`/`add` effects, a weighted random choice now and then, and the scenes split over
50 files. Choices mostly lead forward (a story moves on) with the odd way back, and every 25th
scene is an ending, so a walk through the story ends.
"""

from __future__ import annotations

import random
from pathlib import Path

FILES = 50
SEED = 2003
WORDS_PER_SCENE = 80

_VOCABULARY = (
    "asteroid orbit burn hangar guidance capture codes helios nasa colony mars earth dome "
    "rover crater dust radio signal window launch pad engine thrust vector margin fuel "
    "iridium miners shift airlock suit visor helmet oxygen reserve console screen plot "
    "trajectory delta correction flight director quiet voice room wall light red harbour "
    "happy valley station crew commander engineer pilot doctor night morning storm cold "
    "warm steel glass rock ice water ration cable winch drill cargo manifest report "
    "message order protocol secret plan risk choice chance hour minute second countdown"
)
_WORDS = tuple(_VOCABULARY.split())

_INT_VARS = ("trust", "suspicion", "fuel", "morale", "credits", "risk", "influence", "standing")
_BOOL_VARS = ("has_codes", "margo_blamed", "told_nasa", "met_dev", "saw_burn", "kept_secret")
_STR_VARS = {"destination": ("earth", "mars", "lost"), "mood": ("calm", "tense", "angry")}
_OPS = (">=", "<=", ">", "<", "==", "!=")


def scene_id(index: int) -> str:
    return f"scene_{index:05d}"


def _is_ending(index: int, count: int) -> bool:
    return index == count - 1 or (index % 25 == 24)


def _condition(rng: random.Random, index: int) -> str:
    kind = rng.random()
    if kind < 0.45:
        return f"{rng.choice(_INT_VARS)} {rng.choice(_OPS)} {rng.randint(0, 10)}"
    if kind < 0.6:
        name = rng.choice(_BOOL_VARS)
        return name if rng.random() < 0.5 else f"not {name}"
    if kind < 0.7:
        name, values = rng.choice(list(_STR_VARS.items()))
        return f"{name} == '{rng.choice(values)}'"
    if kind < 0.8 and index > 0:
        return f"visited('{scene_id(rng.randrange(index))}')"
    left = f"{rng.choice(_INT_VARS)} {rng.choice(_OPS)} {rng.randint(0, 10)}"
    right = rng.choice(_BOOL_VARS)
    return f"{left} {rng.choice(('and', 'or'))} not {right}"


def _effects(rng: random.Random) -> list[str]:
    lines = []
    if rng.random() < 0.6:
        lines.append(f"add: {{{rng.choice(_INT_VARS)}: {rng.choice((-2, -1, 1, 2, 3))}}}")
    if rng.random() < 0.4:
        if rng.random() < 0.6:
            lines.append(f"set: {{{rng.choice(_BOOL_VARS)}: {rng.choice(('true', 'false'))}}}")
        else:
            name, values = rng.choice(list(_STR_VARS.items()))
            lines.append(f"set: {{{name}: {rng.choice(values)}}}")
    return lines


def _text(rng: random.Random) -> list[str]:
    words = [rng.choice(_WORDS) for _ in range(WORDS_PER_SCENE)]
    words[0] = words[0].capitalize()
    if rng.random() < 0.5:
        words.insert(rng.randrange(1, len(words)), f"{{{{ {rng.choice(_INT_VARS)} }}}}")
    sentence = ""
    if rng.random() < 0.3:
        flag = rng.choice(_BOOL_VARS)
        sentence = f"{{% if {flag} %}}Someone asks about it.{{% endif %}}"
    lines, line = [], ""
    for word in [*words, sentence] if sentence else words:
        if len(line) + len(word) > 90:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line + ".")
    return lines


def _target(rng: random.Random, index: int, count: int) -> int:
    if rng.random() < 0.05 and index > 0:
        return rng.randrange(max(0, index - 20), index)  # the odd way back
    return min(count - 1, index + rng.randint(1, 12))


def _scene(rng: random.Random, index: int, count: int) -> list[str]:
    out = [f"{scene_id(index)}:"]
    out.append(f"  title: The {rng.choice(_WORDS)} {rng.choice(_WORDS)}")
    out.append(f"  place: {rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)}")
    out.append(f"  date: 2003-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    out.append("  text: |")
    out.extend(f"    {line}" for line in _text(rng))
    if rng.random() < 0.3:
        out.append(f"  on_enter: {{add: {{{rng.choice(_INT_VARS)}: 1}}}}")
    if _is_ending(index, count):
        out.append(f"  end: ending_{rng.randrange(_ending_count(count)):03d}")
        return out
    out.append("  choices:")
    for number in range(3):
        out.append(f"    - label: {rng.choice(_WORDS).capitalize()} the {rng.choice(_WORDS)}")
        if number > 0 and rng.random() < 0.5:
            out.append(f'      if: "{_condition(rng, index)}"')
        elif number > 0 and rng.random() < 0.5:
            out.append(f'      enabled_if: "{_condition(rng, index)}"')
            if rng.random() < 0.5:
                out.append("      disabled_reason: Not now")
        if number == 2 and rng.random() < 0.2:
            out.append("      outcomes:")
            first, second = _target(rng, index, count), _target(rng, index, count)
            weight = f"1 + {rng.choice(_INT_VARS)}"
            out.append(f'        - {{weight: "{weight}", goto: {scene_id(first)}}}')
            out.append(f"        - {{weight: 2, goto: {scene_id(second)}}}")
        else:
            out.append(f"      goto: {scene_id(_target(rng, index, count))}")
        out.extend(f"      {line}" for line in _effects(rng))
    return out


def _ending_count(count: int) -> int:
    return max(3, count // 50)


def _manifest(count: int) -> str:
    lines = [f"title: Synthetic story of {count} scenes", f"start: {scene_id(0)}", "vars:"]
    for i, name in enumerate(_INT_VARS):
        shown = "true" if i < 3 else "false"
        lines.append(
            f"  {name}: {{initial: 3, min: 0, max: 10, label: {name.title()}, show: {shown}}}"
        )
    for name in _BOOL_VARS:
        lines.append(f"  {name}: {{initial: false}}")
    for name, values in _STR_VARS.items():
        lines.append(f"  {name}: {{initial: {values[0]}, values: [{', '.join(values)}]}}")
    lines.append("endings:")
    for e in range(_ending_count(count)):
        lines.append(f"  ending_{e:03d}: {{title: Ending {e}, kind: other, summary: How it ends.}}")
    lines.append("consequences:")
    lines.append('  - {year: 2003, if: "margo_blamed", text: "Margo took the blame."}')
    town = "A town of {{ 400 + trust * 100 }}."
    lines.append(f'  - {{year: 2012, if: "destination == \'mars\'", text: "{town}"}}')
    lines.append("  - {year: 2040, text: They remember the rock.}")
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int, seed: int = SEED) -> Path:
    """Write a story of `count` scenes into `folder` (created), the same bytes for the same seed."""
    rng = random.Random(f"{seed}:{count}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(_manifest(count), encoding="utf-8")
    parts: list[list[str]] = [[] for _ in range(FILES)]
    for index in range(count):
        parts[index * FILES // count].extend(_scene(rng, index, count))
    for number, lines in enumerate(parts):
        if lines:
            text = "\n".join(lines) + "\n"
            (folder / f"part_{number:02d}.yaml").write_text(text, encoding="utf-8")
    return folder
