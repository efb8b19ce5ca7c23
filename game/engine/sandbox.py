"""The sandbox story code runs in: Jinja2's, plus a budget of work and of the size of values.

Jinja's sandbox keeps a story from reaching into Python, but not from running for ever or eating
the machine: nested `range` loops, a list appended to while it is iterated, `2 ** 10 ** 9`,
`[0] * 10 ** 9`, `range(10) | slice(10 ** 8)`. So every evaluation of a condition, a weight or a
text runs inside `budget()`, and the environment spends from it at every place where work or
size can grow:

- each loop iteration (`{% for %}`, recursive loops too), each call, each filter and each
  arithmetic operator is one step, and an evaluation may take `MAX_STEPS` of them;
- an operator whose result would be too big is refused before Python computes it (an integer
  over `MAX_INT_BITS` bits, a string or list over `MAX_LENGTH` items), and every value a call,
  a filter, an operator, a `~` or a block of output makes is measured after;
- an integer argument to a call or a filter (a width, a count, a number of slices) may not
  exceed `MAX_LENGTH`, so nothing is asked to build more than that in one go.

Over budget is `BudgetExceeded`, which the engine reports as the story's error at the place
it was written (`file:line:col`), in play as in `check`. The limits are far above anything a
story needs (a scene's text is a few thousand characters, its conditions a handful of steps).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import SandboxedEnvironment

MAX_STEPS = 250_000  # loop iterations, calls, filters and operators in one evaluation
MAX_LENGTH = 1_000_000  # characters of a string, items of a list, tuple, dict or set
MAX_INT_BITS = 4_000  # about 1,200 decimal digits

_SIZED = (str, bytes, list, tuple, dict, set, frozenset)
# A width or precision in a format string (`%09999999d`, `{:>99999999}`) big enough to matter.
_BIG_FORMAT_NUMBER = re.compile(r"[0-9]{7,}")
_WIDTH_FROM_ARGUMENT = re.compile(r"%[^a-zA-Z%]*\*|\{[^{}]*\{")


class BudgetExceeded(Exception):
    """Story code did too much work or made too big a value; the message says which."""


class _Steps:
    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left


_steps: ContextVar[_Steps | None] = ContextVar("story_steps", default=None)


@contextmanager
def budget(steps: int = MAX_STEPS) -> Iterator[None]:
    """Run one evaluation of story code under a fresh budget (nested uses share the outer one)."""
    if _steps.get() is not None:
        yield
        return
    token = _steps.set(_Steps(steps))
    try:
        yield
    except (RecursionError, SyntaxError):  # SyntaxError: Python's own nesting limits
        raise BudgetExceeded(
            "it is nested too deeply to work out (split it into simpler parts)"
        ) from None
    except MemoryError:
        raise BudgetExceeded("it needs more memory than a story may use") from None
    finally:
        _steps.reset(token)


def spend(steps: int = 1) -> None:
    """Take steps from the running evaluation's budget (nothing outside `budget()`)."""
    counter = _steps.get()
    if counter is None:
        return
    counter.left -= steps
    if counter.left < 0:
        raise BudgetExceeded(
            f"it does too much work (more than {MAX_STEPS:,} steps: loops, calls, operators); "
            "a story's code must finish at once"
        )


def checked(value: Any) -> Any:
    """`value`, if it is within the size limits."""
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_BITS:
            raise _too_big_integer()
    elif isinstance(value, _SIZED) and len(value) > MAX_LENGTH:
        raise _too_long()
    return value


def _too_big_integer() -> BudgetExceeded:
    return BudgetExceeded(f"it makes a number too big to work with (over {MAX_INT_BITS:,} bits)")


def _too_long() -> BudgetExceeded:
    return BudgetExceeded(f"it makes a text or a list too long (over {MAX_LENGTH:,} items)")


def _length(value: Any) -> int:
    return len(value) if isinstance(value, _SIZED) else 0


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would break the limits, before Python works it out."""
    left_int = isinstance(left, int)
    right_int = isinstance(right, int)
    if operator == "**" and left_int and right_int:
        if right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_INT_BITS:
            raise _too_big_integer()
    elif operator == "*":
        if left_int and right_int:
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise _too_big_integer()
        elif left_int or right_int:
            count, items = (left, right) if left_int else (right, left)
            if count > 0 and _length(items) * count > MAX_LENGTH:
                raise _too_long()
    elif operator == "+" and _length(left) + _length(right) > MAX_LENGTH:
        raise _too_long()
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else (right,), {})


def _check_format(template: str, args: Iterable[Any], kwargs: dict[str, Any]) -> None:
    """A `%` or `format` template may not ask for a huge width or precision, written in it or
    taken from its arguments (`%*d`, `{:{}}`); the values it formats may be as big as they like."""
    if _BIG_FORMAT_NUMBER.search(template):
        raise BudgetExceeded("it asks for a text too wide to make (a huge width in a format)")
    if _WIDTH_FROM_ARGUMENT.search(template):
        _check_arguments(args, kwargs)


def _check_arguments(args: Iterable[Any], kwargs: dict[str, Any]) -> None:
    """No call or filter is handed a count or a width over `MAX_LENGTH`, nor a giant value."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_LENGTH:
            raise BudgetExceeded(
                f"it passes {_short_number(value)} to a call or filter (at most {MAX_LENGTH:,})"
            )
        checked(value)


def _short_number(value: int) -> str:
    if value.bit_length() > 64:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    return f"{value:,}"


def _check_replace(text: Any, args: tuple[Any, ...]) -> None:
    """`replace` can multiply a text's length: work out how long the result would be."""
    if isinstance(text, str) and len(args) >= 2 and isinstance(args[0], str):
        old, new = args[0], args[1]
        if isinstance(new, str):
            grows = text.count(old) * (len(new) - len(old))
            if len(text) + grows > MAX_LENGTH:
                raise _too_long()


def _budgeted_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that spends a step, checks its arguments and measures what it makes."""

    @wraps(function)  # keeps Jinja's pass_context/pass_environment marks
    def run(*args: Any, **kwargs: Any) -> Any:
        spend()
        values = [a for a in args if not isinstance(a, Context | SandboxedEnvironment)]
        if values:
            if name == "format" and isinstance(values[0], str):
                _check_format(values[0], values[1:], kwargs)
            else:
                if name == "replace":
                    _check_replace(values[0], tuple(values[1:]))
                _check_arguments(values[1:], kwargs)
        return checked(function(*args, **kwargs))

    return run


def budgeted_iterable(iterable: Any) -> Iterator[Any]:
    """Each item of a loop is one step."""
    for item in iterable:
        spend()
        yield item


class _StoryCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the budget written into the code of every template: each
    loop iterates through `budgeted_iterable`, and each `~` measures the text it makes."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not _is_budgeted(node.iter):
            wrapper = nodes.EnvironmentAttribute("budgeted_iterable", lineno=node.lineno)
            node.iter = nodes.Call(wrapper, [node.iter], [], None, None, lineno=node.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


def _is_budgeted(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.EnvironmentAttribute)
        and node.node.name == "budgeted_iterable"
    )


class StoryEnvironment(SandboxedEnvironment):
    """The sandbox: no attribute or item starting with `_`, no unsafe callables, and a budget
    (see the module's docstring) on every call, filter, operator, loop and block of output."""

    code_generator_class = _StoryCodeGenerator
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: _budgeted_filter(name, f) for name, f in self.filters.items()}
        self.budgeted_iterable = budgeted_iterable
        self.checked = checked

    def concat(self, parts: Iterable[str]) -> str:  # type: ignore[override]
        """Joins the output of a template, a block or a macro, measuring it as it grows."""
        total = 0
        kept: list[str] = []
        for part in parts:
            total += len(part)
            if total > MAX_LENGTH:
                raise _too_long()
            kept.append(part)
        return "".join(kept)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        spend()
        _check_binop(operator, left, right)
        return checked(super().call_binop(context, operator, left, right))

    def call(
        __self,  # Jinja's own signature: the prefixes keep keyword arguments free
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        spend()
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (budgeted_iterable(args[0]), *args[1:])
        if not getattr(__obj, "checks_its_arguments", False):
            if getattr(__obj, "__name__", "") == "replace":
                _check_replace(getattr(__obj, "__self__", None), args)
            _check_arguments(args, kwargs)
        return checked(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`str.format` as Jinja's sandbox wraps it, refusing a huge width first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template: str = value.__self__

        def format_checked(*args: Any, **kwargs: Any) -> str:
            _check_format(template, args, kwargs)
            return wrapped(*args, **kwargs)

        format_checked.checks_its_arguments = True  # type: ignore[attr-defined]
        return format_checked
