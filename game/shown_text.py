"""Text from a story or a save, made safe to print to a terminal.

A save summary, a scene title or a label can hold anything its author (or whoever edited the
file) typed, escape sequences included; printed raw, those would recolour the terminal, retitle
its window, or worse. Everything the plain front end and the command line print of such text goes
through `printable`.
"""

from __future__ import annotations

import re

# Terminal control sequences (CSI, OSC, other ESC sequences) and every other control character
# but newline and tab: text from a story or a save is shown, never obeyed by the terminal.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing the screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks, clipboard
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b.?"  # any other escape
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # C0 and C1 controls, DEL
)


def printable(text: str) -> str:
    """`text` with terminal control sequences and control characters removed."""
    return _CONTROL.sub("", text)
