"""The live run screen's keys (from the one key map, :mod:`tui.keys`): what each records,
which record at all (none once the run is completed), which only a tabletop or a check by
e-mail has, which a tabletop's footer leaves out."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

from tui.keys import bind

LIVE_BINDINGS: list[BindingType] = [
    # a tabletop's footer needs the room at 80 columns: escape leaves (the run stays
    # resumable) without a footer entry; it is in the help, the keys panel and the palette
    bind("back", show=False),
    bind("record('acknowledged')"),
    bind("record('completed')"),
    bind("record('bounced')"),
    bind("record('delivered')"),
    bind("record('reminder')"),
    bind("remind_all"),
    bind("undo"),
    bind("note"),
    bind("fire_due"),
    bind("injects"),
    bind("expectation"),
    bind("mail"),
    bind("finish"),
]
RECORDING = frozenset({"record", "remind_all", "undo", "note", "fire_due", "expectation",
                       "mail", "finish"})
"""Actions that record something: none once the run is completed."""
TABLETOP_ONLY = frozenset({"fire_due", "injects", "expectation"})
MAIL_ONLY = frozenset({"mail"})
"""Only on the board of a check sent by e-mail."""
CHECK_FOOTER_ONLY = frozenset({"record('bounced')", "record('reminder')", "undo"})
"""Left out of a tabletop's footer (no room at 80 columns); the keys still work and
stay in the help, the keys panel and the command palette."""


def recording_key(bindings: Iterable[object], recording: frozenset[str], key: str) -> bool:
    """``key`` is bound to one of the ``recording`` actions."""
    return any(key in b.key.split(",") and b.action.split("(")[0] in recording
               for b in bindings if isinstance(b, Binding))
