"""What a flat condition or text reads, found by matching instead of parsing.

Checking a story at load needs only two facts about each condition and text: the names it reads
(is each one declared?) and the scenes it names in `visits('...')` / `visited('...')` (does each
one exist?). Most conditions are flat: comparisons of variables and constants joined by `and`,
`or` and `not`, like `destination == 'mars' and miners >= 6`; most texts are Markdown with a few
`{{ name }}` and `{% if %}` blocks. For those, one regular expression answers both questions
several times faster than building Jinja's tree (`simple_jinja`) and walking it.

Anything else (parentheses, filters, tests, attributes, calls other than `visits`/`visited`, a
tag other than `if`/`elif`/`else`/`endif`, whitespace control, comments, line breaks inside a
tag, reserved words used as names) gets None, and the caller parses it. Matching never accepts
what Jinja would reject, and what it reports equals what the parsed tree holds:
`tests/test_jinja_scan.py` checks both against Jinja's own parser on generated input.
"""

from __future__ import annotations

import re

# Words Jinja's parser gives meanings of their own: never a variable here.
_RESERVED = (
    "and|or|not|in|is|if|else|elif|endif|for|endfor|recursive|true|false|none|True|False|None"
)
_NAME = rf"(?!(?:{_RESERVED})(?![A-Za-z0-9_]))[A-Za-z_][A-Za-z0-9_]*"
_CONSTANT = r"(?:true|false|none|True|False|None)(?![A-Za-z0-9_])"
_INTEGER = r"(?:0|[1-9][0-9]*)(?![A-Za-z0-9_.])"
_STRING = r"""(?:'[^'\\\r\n]*'|"[^"\\\r\n]*")"""
_CALL = rf"(?:visits|visited)\([ \t]*{_STRING}[ \t]*\)"
_ATOM = rf"(?:{_CALL}|{_CONSTANT}|{_NAME}|{_INTEGER}|{_STRING})"
_SUM = rf"{_ATOM}(?:[ \t]*[-+][ \t]*{_ATOM})*"
_COMPARISON = rf"{_SUM}(?:[ \t]*(?:==|!=|<=|>=|<|>)[ \t]*{_SUM})?"
_NEGATED = rf"(?:not[ \t]+)*{_COMPARISON}"
_FLAT = rf"{_NEGATED}(?:[ \t]+(?:and|or)[ \t]+{_NEGATED})*"

_EXPRESSION = re.compile(rf"[ \t]*{_FLAT}[ \t]*")
_IF_TAG = re.compile(rf"[ \t]*(if|elif)[ \t]+{_FLAT}[ \t]*")
_PLAIN_TAG = re.compile(r"[ \t]*(else|endif)[ \t]*")
_TAG = re.compile(r"\{[{%#]")
# Jinja's parser and compiler recurse once or more per operator: past a few hundred they fail
# with RecursionError. Anything with more operators than this is left to the caller to parse
# (and report), so a match never stands for what Jinja could not read. (Words inside strings
# count too: that only ever sends more to the parser.)
MAX_OPERATORS = 100
MAX_NESTED_IFS = 32
_OPERATOR = re.compile(r"\b(?:and|or|not)\b|==|!=|<=|>=|[<>+-]")

# In an expression that matched: its calls (callee, and the scene named in single or double
# quotes), its other strings (skipped), and its names.
_PARTS = re.compile(
    rf"""(?<![A-Za-z0-9_])(?:(visits|visited)\([ \t]*(?:'([^']*)'|"([^"]*)")|({_NAME}))|{_STRING}"""
)

# (names read, each with the line it is first read on, sorted by name; scene ids named)
Reads = tuple[tuple[tuple[str, int], ...], tuple[str, ...]]


def _collect(inner: str, line: int, first: dict[str, int], scenes: list[str]) -> None:
    for callee, single, double, name in _PARTS.findall(inner):
        if callee:
            first.setdefault(callee, line)
            scenes.append(single or double)
        elif name:
            first.setdefault(name, line)


def _too_many_operators(source: str) -> bool:
    return len(_OPERATOR.findall(source)) > MAX_OPERATORS


def expression(source: str) -> Reads | None:
    """What a flat expression reads, or None if it is not flat (parse it instead)."""
    if _EXPRESSION.fullmatch(source) is None or _too_many_operators(source):
        return None
    first: dict[str, int] = {}
    scenes: list[str] = []
    _collect(source, 1, first, scenes)
    return tuple(sorted(first.items())), tuple(scenes)


def template(source: str) -> Reads | None:
    """What a template made of text, `{{ flat }}` and `{% if flat %}` blocks reads, or None."""
    if "\r" in source:
        return None
    first: dict[str, int] = {}
    scenes: list[str] = []
    open_ifs: list[bool] = []  # per open `if`: whether its `else` has come
    line, pos = 1, 0
    for found in _TAG.finditer(source):
        start = found.start()
        if start < pos:
            continue  # inside the tag just read (e.g. `{{` in `{{ '{{' }}` never gets here)
        opening = found.group()
        if opening == "{#":
            return None
        closing = source.find("}}" if opening == "{{" else "%}", found.end())
        if closing < 0:
            return None
        inner = source[found.end() : closing]
        if "\n" in inner:
            return None
        line += source.count("\n", pos, start)
        pos = closing + 2
        if _too_many_operators(inner):
            return None
        if opening == "{{":
            if _EXPRESSION.fullmatch(inner) is None:
                return None
            _collect(inner, line, first, scenes)
            continue
        tag = _IF_TAG.fullmatch(inner)
        if tag is not None:
            if tag.group(1) == "if":
                if len(open_ifs) >= MAX_NESTED_IFS:
                    return None
                open_ifs.append(False)
            elif not open_ifs or open_ifs[-1]:
                return None  # an `elif` outside an `if`, or after its `else`
            _collect(inner[tag.end(1) :], line, first, scenes)
            continue
        plain = _PLAIN_TAG.fullmatch(inner)
        if plain is None or not open_ifs:
            return None
        if plain.group(1) == "endif":
            open_ifs.pop()
        elif open_ifs[-1]:
            return None  # a second `else`
        else:
            open_ifs[-1] = True
    if open_ifs:
        return None
    return tuple(sorted(first.items())), tuple(scenes)
