"""Free text on the facilitator's terminal: what a run, a scenario or a directory holds
(scenario, group, participant and inject names, notes, file names) is shown as plain
text, never parsed as markup: a ``[/bold]`` in a name is shown, not applied (Textual
parses a ``str`` given to a ``Static``, a ``DataTable`` cell or a notification as markup,
and a name that is bad markup used to crash the screen), and a control character or an
escape sequence is written out (:func:`simulator.text.shown`)."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text

from simulator.text import shown


def plain(value: object, style: str = "", *, lines: bool = False) -> Text:
    """``value`` as plain text (one line unless ``lines``), in ``style``."""
    return Text(shown(value, lines=lines), style=style)


def markup_safe(value: object) -> str:
    """``value`` to put inside a markup string (a notification): shown, markup escaped."""
    return escape(shown(value, lines=False))
