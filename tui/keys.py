"""The one key map of the facilitator's terminal: a key means one thing on every screen.

Every screen's and widget's ``BINDINGS`` are built here (:func:`bind`), from a name
(``"search"``, ``"ack"`` ...); no screen spells a key itself. So ``r`` is *remind*
wherever it works, ``c`` *completed*, ``e`` *edit*, and a screen that has no use for a
key leaves it unbound rather than giving it another meaning
(``tests/unit/tui/test_keys.py`` checks both). The README's key map is this table.

Dialogs (``tui/forms``) are a layer of their own: ``y``/``n`` answer a question, ``escape``
cancels, ``ctrl+s`` is OK, whatever screen is under them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Key:
    """One entry of the key map."""

    key: str
    action: str
    description: str
    tooltip: str
    display: str | None = None
    show: bool = True
    where: str = "everywhere"
    """Which screens use it (for the README and the help screen)."""


KEYMAP: dict[str, Key] = {k.action: k for k in (
    # -- everywhere ------------------------------------------------------------------
    Key("question_mark", "help", "Help", "This screen's keys", display="?"),
    Key("escape", "back", "Back", "Leave this screen (in a search box: clear it)"),
    Key("slash", "search", "Search", "Search this screen's table", display="/"),
    Key("o", "cycle_sort", "Sort", "Sort the table by the next column", show=False,
        where="tables"),
    Key("O", "reverse_sort", "Reverse", "Reverse the table's order", show=False,
        where="tables"),
    Key("g", "focus_filters", "Filter", "Filter by group (and status)", show=False,
        where="board, directory"),
    Key("f5", "reload", "Reload", "Read the store again", show=False,
        where="home, results"),
    Key("ctrl+s", "store", "Store", "Store this simulated run", where="simulated run"),
    # -- home ------------------------------------------------------------------------
    Key("q", "app.quit", "Quit", "Leave pocdrill", where="home"),
    Key("s", "simulate", "Simulate", "Simulate the selected scenario", where="home"),
    Key("l", "live", "Live run", "Run the selected scenario live (asks first)",
        where="home"),
    Key("d", "directory", "Directory", "Open the selected directory (or the selected "
        "scenario's)", where="home"),
    Key("v", "results", "Results", "Stored runs, studies and sweeps", where="home"),
    # -- results ---------------------------------------------------------------------
    Key("m", "mark", "Mark", "Mark this run for comparison", where="results"),
    Key("equals_sign", "compare", "Compare", "Compare the marked run with this one",
        display="=", where="results"),
    Key("p", "report", "Report", "Write an HTML report of this run into reports/",
        where="results, run detail"),
    Key("X", "export", "Export", "Export this run (CSV) into exports/",
        where="results, run detail"),
    Key("h", "redact", "Hide names", "Notes scrubbed of names, e-mails and phones, or as "
        "typed", show=False, where="run detail"),
    # -- runs ------------------------------------------------------------------------
    Key("space", "toggle_clock", "Play", "Start or pause the clock", where="simulated run"),
    Key("plus", "faster", "Faster", "Run the clock faster", display="+",
        where="simulated run"),
    Key("minus", "slower", "Slower", "Run the clock slower", display="-",
        where="simulated run"),
    Key("j", "next_stop", "Next", "Jump to the next stop: inject, reminder or deadline",
        where="simulated run"),
    Key("G", "to_end", "End", "Jump to the end of the observed window",
        where="simulated run"),
    Key("i", "injects", "Injects", "The injects: body, stage narrative, questions, "
        "facilitator's guide (a live run fires one from there)", where="runs"),
    Key("a", "record('acknowledged')", "Ack",
        "Record that the selected participant acknowledged", where="live run"),
    Key("c", "record('completed')", "Done",
        "Record that the selected participant completed (answered)", where="live run"),
    Key("b", "record('bounced')", "Bounce",
        "Record a bounce from the selected participant's next address", where="live run"),
    Key("D", "record('delivered')", "Delivered",
        "Record that the message reached the selected participant", show=False,
        where="live run"),
    Key("r", "record('reminder')", "Remind",
        "Mark a reminder sent to the selected participant", where="live run"),
    Key("R", "remind_all", "Remind all",
        "Mark reminders sent to every participant still silent (asks first)", show=False,
        where="live run"),
    Key("u", "undo", "Undo", "Undo the last record (kept as a correcting event)",
        where="live run"),
    Key("n", "note", "Note", "Add a note (about the selected participant, or the run)",
        where="live run, run detail"),
    Key("f", "fire_due", "Fire", "Fire every inject the scenario says is due now",
        where="live run"),
    Key("t", "expectation", "Did", "Record that the selected participant did what an "
        "open expectation asks (consult, share, join a call, escalate ...)",
        where="live run"),
    Key("w", "mail", "Mail", "Pause or resume the mail watcher (a check sent by e-mail)",
        where="live run"),
    Key("x", "finish", "Finish", "Complete the run and store its summary (asks first)",
        where="live run"),
    Key("e", "edit", "Edit", "Edit the selected contact", where="directory"),
    Key("H", "health", "Health", "The directory's network health: single points of "
        "failure, freshness, languages, chance to acknowledge in time", where="directory"),
    Key("enter", "details", "Details", "The selected row in full (contacts, channels, "
        "local time, whom to phone, history)", show=False, where="board, directory"),
)}
"""Every key, by its action (``record('acknowledged')`` keeps its argument)."""


def bind(name: str, *, show: bool | None = None, description: str | None = None,
         priority: bool = False, group: Binding.Group | None = None) -> Binding:
    """The binding of ``name`` (a key of :data:`KEYMAP`): its key, action, label and
    tooltip as the map says; ``show`` hides or shows it in the footer here, and
    ``description`` words the label for this screen (the meaning stays the same)."""
    k = KEYMAP[name]
    return Binding(k.key, k.action, description or k.description,
                   show=k.show if show is None else show, key_display=k.display,
                   tooltip=k.tooltip, priority=priority, group=group)


def binds(*names: str, hidden: tuple[str, ...] = ()) -> list[BindingType]:
    """The bindings of ``names``; those in ``hidden`` out of the footer."""
    return [bind(n, show=False) if n in hidden else bind(n) for n in names]
