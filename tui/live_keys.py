"""The live run screen's keys: what each records, which record at all (none once the run
is completed), which only a tabletop or a check by e-mail has, which a tabletop's footer
leaves out."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

LIVE_BINDINGS: list[BindingType] = [
    # a tabletop's footer needs the room at 80 columns: escape leaves (the run stays
    # resumable) without a footer entry; it is in the keys panel and the palette
    Binding("escape", "back", "Back", show=False,
            tooltip="Leave the run; it stays resumable until finished"),
    Binding("a", "record('acknowledged')", "Ack",
            tooltip="Record that the selected participant acknowledged"),
    Binding("c", "record('completed')", "Done",
            tooltip="Record that the selected participant completed (answered)"),
    Binding("b", "record('bounced')", "Bounce",
            tooltip="Record a bounce from the selected participant's next address"),
    Binding("d", "record('delivered')", "Delivered", show=False,
            tooltip="Record that the message reached the selected participant"),
    Binding("r", "record('reminder')", "Remind",
            tooltip="Mark a reminder sent to the selected participant"),
    Binding("R", "remind_all", "Remind all", show=False,
            tooltip="Mark reminders sent to every participant still silent"),
    Binding("n", "note", "Note", tooltip="Add a note (about the selected participant)"),
    Binding("f", "fire_due", "Fire",
            tooltip="Fire every inject the scenario says is due now"),
    Binding("i", "inject", "Inject", tooltip="Fire a tabletop inject by hand"),
    Binding("e", "expectation", "Did",
            tooltip="Record that the selected participant did what an open "
                    "expectation asks (consult, share, join a call, escalate ...)"),
    Binding("m", "mail", "Mail",
            tooltip="Pause or resume the mail watcher (a check sent by e-mail)"),
    Binding("x", "finish", "Finish",
            tooltip="Complete the run and store its summary (asks first)"),
]
RECORDING = frozenset({"record", "remind_all", "note", "fire_due", "inject", "expectation",
                       "mail", "finish"})
"""Actions that record something: none once the run is completed."""
TABLETOP_ONLY = frozenset({"fire_due", "inject", "expectation"})
MAIL_ONLY = frozenset({"mail"})
"""Only on the board of a check sent by e-mail."""
CHECK_FOOTER_ONLY = frozenset({"record('bounced')", "record('reminder')"})
"""Left out of a tabletop's footer (no room at 80 columns); the keys still work and
stay in the keys panel and the command palette."""


def recording_key(bindings: Iterable[object], recording: frozenset[str], key: str) -> bool:
    """``key`` is bound to one of the ``recording`` actions."""
    return any(key in b.key.split(",") and b.action.split("(")[0] in recording
               for b in bindings if isinstance(b, Binding))
