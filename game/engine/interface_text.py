"""The game's own words (menus, messages, help), not the story's, through gettext.

Every sentence the program itself says goes through `tr` (or `ntr` for a count), so that
`game/locale/<lang>/LC_MESSAGES/goldilocks.po` can say it in another language. A front end
picks the language once at start (`use_languages`); until then, and for any sentence a
catalogue lacks, the English source is shown.

Names are `tr`/`ntr` rather than gettext's `_`, which Python code also uses as a throwaway
variable: a function that unpacks into `_` would make `_` a local name there and break it.
Sentences with values in them are `str.format` templates with named fields, so a translation
can put the values where its grammar wants them: `tr("Saved as '{name}'.").format(name=...)`.

The catalogue is made with Babel:

    pybabel extract -k tr -k ntr:1,2 -k trc:1c,2 -k N_ -o game/locale/goldilocks.pot game
    pybabel update -i game/locale/goldilocks.pot -d game/locale -D goldilocks
    pybabel compile -d game/locale -D goldilocks

and the `.mo` is kept in the repository (and so in the wheel); a stale or missing one is
compiled on the fly (see `catalogue`). `tests/test_interface_text.py` fails when a sentence in
the code is missing from the French catalogue, or the `.mo` is older than its `.po`.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "goldilocks"
LOCALE = Path(__file__).resolve().parent.parent / "locale"

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = ""


def tr(message: str) -> str:
    """`message` in the player's language (the English source when there is no translation)."""
    return _active.gettext(message)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it yet: for text written where the
    language is not chosen yet (a class's key bindings), translated with `tr` when it is shown."""
    return message


def ntr(singular: str, plural: str, count: int) -> str:
    """The form of a sentence that fits `count`, in the player's language."""
    return _active.ngettext(singular, plural, count)


def trc(context: str, message: str) -> str:
    """`message` in the player's language, where the same English word needs telling apart
    (`trc("command", "save")`: the word a player types, not a button's label)."""
    return _active.pgettext(context, message)


def language() -> str:
    """The language the interface speaks now ('' for the English source)."""
    return _language


def use_languages(languages: list[str]) -> str:
    """Speak the first of `languages` the game has a catalogue for; the one chosen ('' when
    none: English). Called once by a front end as it starts."""
    global _active, _language
    from game.engine.catalogue import load_catalogue

    for candidate in languages:
        po = LOCALE / candidate / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.is_file():
            catalogue = load_catalogue(po)
            if catalogue is not None:
                _active, _language = catalogue, candidate
                return candidate
    _active, _language = gettext.NullTranslations(), ""
    return ""
