"""Twine expressions (Harlowe's, SugarCube's JavaScript-like ones, Chapbook's and Snowman's
JavaScript) translated into the story format's Jinja2 expressions, or refused with a reason.

Only what means the same on both sides is translated: variables, numbers, strings, booleans,
comparison and logic operators, arithmetic, and visit tests. Anything else (temporary variables,
arrays, properties, arbitrary function calls) raises `Untranslatable`, and the caller reports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_RESERVED_WORDS = (
    "and or not in is if else elif true false none True False None loop self turn visits "
    "visited ending range dict lipsum cycler joiner namespace"
)
JINJA_RESERVED = frozenset(_RESERVED_WORDS.split(" "))


class Untranslatable(Exception):
    """An expression with no equivalent in the story format; the message says why."""


_TOKEN = re.compile(
    r"""(?P<ws>\s+)
    |(?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    |(?P<num>\d+(?:\.\d+)?)
    |(?P<var>\$[A-Za-z_][\w]*)
    |(?P<name>[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)
    |(?P<op>===|!==|==|!=|>=|<=|&&|\|\||\+\+|--|\+=|-=|[-+*/%<>!(),:=\[\]{}?'`;])
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)

_WORD_OPS = {
    "eq": "==",
    "neq": "!=",
    "isnot": "!=",
    "lt": "<",
    "lte": "<=",
    "gt": ">",
    "gte": ">=",
    "and": "and",
    "or": "or",
    "not": "not",
}
_SYMBOL_OPS = {"===": "==", "!==": "!=", "&&": "and", "||": "or", "!": "not"}
_COMPARE = {"==", "!=", "<", "<=", ">", ">="}


def safe_name(name: str) -> str:
    """A Twine variable's name as a story variable: a valid, unreserved identifier."""
    cleaned = re.sub(r"\W", "_", name, flags=re.ASCII) or "v"
    if cleaned[0].isdigit() or cleaned in JINJA_RESERVED or cleaned.startswith("_"):
        cleaned = "v_" + cleaned.lstrip("_")
    return cleaned


@dataclass
class Context:
    """What translation needs to know about the story around an expression."""

    dialect: str  # "harlowe", "sugarcube", "chapbook" or "snowman"
    scene_id: Callable[[str], str | None]  # a passage name -> its scene id (None: no such passage)
    here: str = ""  # the scene id of the passage being translated
    aliases: dict[str, str] = field(default_factory=dict)  # JS names standing for the state
    hints: dict[str, set[type]] = field(default_factory=dict)  # types seen in comparisons
    used: set[str] = field(default_factory=set)  # variables referenced

    def hint(self, variable: str, kind: type) -> None:
        self.hints.setdefault(variable, set()).add(kind)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokens(source: str) -> list[Token]:
    found = []
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup or "other"
        if kind != "ws":
            found.append(Token(kind, match.group()))
    return found


def string_value(token_text: str) -> str:
    """The text of a quoted string token."""
    body = token_text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


_STATE_ROOTS = ("s", "story.state", "State.variables")
LOCAL = "\0local"  # an alias value: a name the script computes itself, not a story variable


def state_variable(dotted: str, ctx: Context) -> str | None:
    """The variable a JavaScript name stands for (`s.fuel`, an alias's `_vars.fuel`), or None."""
    if dotted.startswith("window."):
        dotted = dotted[len("window.") :]
    alias = ctx.aliases.get(dotted)
    if alias == LOCAL:
        return None
    if alias:
        return alias
    if ctx.dialect == "chapbook" and "." not in dotted:
        return dotted
    roots = _STATE_ROOTS + tuple(name for name, value in ctx.aliases.items() if value == "")
    for root in roots:
        if dotted.startswith(root + "."):
            rest = dotted[len(root) + 1 :]
            if "." not in rest:
                return rest
    return None


class _Translator:
    def __init__(self, source: str, ctx: Context) -> None:
        self.source = source
        self.ctx = ctx
        self.toks = tokens(source)
        self.i = 0

    def peek(self, offset: int = 0) -> Token | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def take(self) -> Token:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def variable(self, name: str) -> str:
        var = safe_name(name)
        self.ctx.used.add(var)
        return var

    def passage_arg(self) -> str:
        """A quoted passage name as a scene id in quotes."""
        tok = self.peek()
        if tok is None or tok.kind != "str":
            raise Untranslatable("a visit test needs a passage name in quotes")
        self.take()
        name = string_value(tok.text)
        scene = self.ctx.scene_id(name)
        if scene is None:
            raise Untranslatable(f"a visit test names '{name}', which is not a passage")
        return repr(scene)

    def expect(self, text: str) -> None:
        tok = self.peek()
        if tok is None or tok.text != text:
            raise Untranslatable(f"expected '{text}'")
        self.take()

    def harlowe_macro(self) -> str:
        """`(visited: "X")`, `(history:) contains "X"`: the visit tests with a match."""
        self.expect("(")
        name_tok = self.take() if self.peek() else None
        if name_tok is None or name_tok.kind != "name":
            raise Untranslatable("a bracketed expression that is not a macro call")
        self.expect(":")
        name = name_tok.text.lower().replace("-", "")
        if name == "visited":
            result = f"visited({self.passage_arg()})"
            self.expect(")")
            return result
        if name == "history":
            self.expect(")")
            nxt = self.peek()
            if nxt is not None and nxt.text == "contains":
                self.take()
                return f"visited({self.passage_arg()})"
            raise Untranslatable("(history:) is a list of passages; only 'contains' converts")
        raise Untranslatable(f"the macro ({name_tok.text}:) inside an expression")

    def translate(self) -> str:
        out: list[str] = []
        while self.peek() is not None:
            tok = self.take()
            kind, text = tok.kind, tok.text
            if kind == "str":
                if text.startswith("`"):
                    raise Untranslatable("a template string")
                out.append(repr(string_value(text)))
            elif kind == "num":
                out.append(text)
            elif kind == "var":
                out.append(self.variable(text[1:]))
            elif kind == "name":
                out.append(self.name(text, out))
            elif kind == "op":
                out.append(self.operator(text, out))
            else:
                raise Untranslatable(f"'{text}'")
        self.collect_hints(out)
        return " ".join(out)

    def name(self, text: str, out: list[str]) -> str:
        dialect = self.ctx.dialect
        lowered = text.lower()
        if dialect == "harlowe":
            if text in ("is", "is_not"):
                nxt = self.peek()
                if nxt is not None and nxt.text == "not":
                    self.take()
                    return "!="
                if nxt is not None and nxt.text in ("<", ">", "<=", ">="):
                    return ""  # `is >= 6`: Harlowe's elided comparison
                if nxt is not None and nxt.text == "in":
                    self.take()
                    return "in"
                return "=="
            if text == "contains":
                raise Untranslatable("'contains' (arrays and substrings)")
            if text == "visits":
                return f"visits({self.ctx.here!r})"
            if text.startswith("_"):
                raise Untranslatable(f"the temporary variable {text}")
        if lowered in ("true", "false"):
            return lowered
        if text in _WORD_OPS and dialect != "chapbook":
            return _WORD_OPS[text]
        if text in ("and", "or", "not"):
            return text
        if dialect == "sugarcube" and text == "is":
            return "=="
        if dialect in ("sugarcube", "chapbook") and text.startswith("_") and "." not in text:
            raise Untranslatable(f"the temporary variable {text}")
        nxt = self.peek()
        if nxt is not None and nxt.text == "(":
            return self.call(text)
        if dialect in ("chapbook", "snowman"):
            var = state_variable(text, self.ctx)
            if var is not None:
                return self.variable(var)
        if "." in text:
            raise Untranslatable(f"the property {text}")
        raise Untranslatable(f"the name '{text}'")

    def call(self, name: str) -> str:
        """Function calls with a match: visited("X") / visited() / turns()."""
        self.expect("(")
        if name in ("visited", "hasVisited", "story.hasVisited"):
            if self.peek() is not None and self.peek().text == ")":  # type: ignore[union-attr]
                self.take()
                return f"visits({self.ctx.here!r})"
            arg = self.passage_arg()
            self.expect(")")
            return f"visits({arg})" if name == "visited" else f"visited({arg})"
        if name == "turns":
            self.expect(")")
            return "turn"
        raise Untranslatable(f"the function call {name}()")

    def operator(self, text: str, out: list[str]) -> str:
        if text == "(" and self.ctx.dialect == "harlowe":
            nxt, after = self.peek(), self.peek(1)
            if nxt is not None and nxt.kind == "name" and after is not None and after.text == ":":
                self.i -= 1
                return self.harlowe_macro()
        if text in _SYMBOL_OPS:
            return _SYMBOL_OPS[text]
        if text in ("==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "(", ")"):
            return text
        if text == "[" or text == "{":
            raise Untranslatable("an array or object")
        if text in ("=", "+=", "-=", "++", "--"):
            raise Untranslatable("an assignment inside an expression")
        raise Untranslatable(f"the operator '{text}'")

    def collect_hints(self, out: list[str]) -> None:
        """Types of variables compared with literals: `fuel > 3` says fuel is a number."""
        parts = [p for p in out if p]
        for j in range(len(parts) - 2):
            left, op, right = parts[j], parts[j + 1], parts[j + 2]
            for var, lit in ((left, right), (right, left)):
                if var in self.ctx.used and op in _COMPARE:
                    if lit[:1] in ("'", '"'):
                        self.ctx.hint(var, str)
                    elif lit.isdigit():
                        self.ctx.hint(var, int)
                    elif lit in ("true", "false"):
                        self.ctx.hint(var, bool)


def expression(source: str, ctx: Context) -> str:
    """`source` as a Jinja2 expression; raises Untranslatable."""
    if not source.strip():
        raise Untranslatable("an empty expression")
    result = _Translator(source, ctx).translate()
    result = re.sub(r"\s+", " ", result).strip()
    if not result:
        raise Untranslatable("an empty expression")
    return result


def literal(source: str) -> bool | int | str | None:
    """A number, boolean or string written as itself; None when it is anything else."""
    toks = tokens(source.strip())
    negative = False
    if len(toks) == 2 and toks[0].text == "-" and toks[1].kind == "num":
        negative, toks = True, toks[1:]
    if len(toks) != 1:
        return None
    tok = toks[0]
    if tok.kind == "num":
        if "." in tok.text:
            return None
        return -int(tok.text) if negative else int(tok.text)
    if tok.kind == "str" and not tok.text.startswith("`"):
        return string_value(tok.text)
    if tok.kind == "name" and tok.text.lower() in ("true", "false"):
        return tok.text.lower() == "true"
    return None


def assigned_value(variable: str, source: str, ctx: Context) -> tuple[bool | int | str, bool]:
    """The value assigned to `variable`: (a literal, False) to set, or (n, True) to add n.

    `it + 1`, `$x - 2`, `x + 3` all add; anything else that is not a literal raises.
    """
    value = literal(source)
    if value is not None:
        return value, False
    toks = tokens(source)
    if len(toks) == 3 and toks[1].text in ("+", "-") and toks[2].kind == "num":
        first = toks[0]
        names = {variable, "$" + variable, "it", "_" + variable}
        ref = first.text
        js_var = state_variable(ref, ctx) if ctx.dialect in ("chapbook", "snowman") else None
        if ("." not in toks[2].text) and (ref in names or js_var == variable):
            amount = int(toks[2].text)
            return (amount if toks[1].text == "+" else -amount), True
    if any(t.text in ("[", "a", "dm", "ds", "Array", "new") for t in toks[:2]):
        raise Untranslatable("an array or map (the story format has none)")
    if any(t.text in ("random", "either") for t in toks):
        raise Untranslatable("a random value assigned to a variable")
    raise Untranslatable("a value worked out by an expression")


def random_targets(source: str, ctx: Context) -> tuple[str, ...] | None:
    """The passages of `(either: "A", "B")` / `either("A", "B")`, or None if not that form."""
    toks = tokens(source.strip())
    texts = [t.text for t in toks]
    if not texts:
        return None
    if texts[0] == "(" and len(texts) > 3 and texts[1].lower() == "either" and texts[2] == ":":
        inner, close = toks[3:-1], texts[-1]
    elif texts[0] == "either" and len(texts) > 2 and texts[1] == "(":
        inner, close = toks[2:-1], texts[-1]
    else:
        return None
    if close != ")":
        return None
    names = [string_value(t.text) for t in inner if t.kind == "str"]
    commas = [t for t in inner if t.text == ","]
    if not names or len(names) + len(commas) != len(inner) or len(commas) != len(names) - 1:
        return None
    return tuple(names)
