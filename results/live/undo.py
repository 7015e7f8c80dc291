"""Undoing a live run's last record: a correcting event, never a deletion.

A mistaken acknowledgement, bounce or reminder stays in the log; an ``undone`` event at
the moment of the correction names it (its kind, time and detail, on the same participant
and contact), and everything that reads a live run's state (:func:`effective`) leaves out
the events so corrected. The store keeps both, so the log tells what happened and when
it was put right; a reopened run replays to the corrected state.

What one undo takes back is the last *record* (:func:`last_record`): the latest event of
an :data:`UNDOABLE` kind not already undone, every event of that kind made at that same
moment (a "remind all" is one record), and the expectation verdicts those events gave at
that moment. :func:`results.live.correct.undo_last` applies it to a live session.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from simulator.model.outcome import Event

UNDOABLE = ("acknowledged", "completed", "bounced", "delivered", "reminder", "action")
"""Kinds of event a facilitator records on a participant and may take back."""
UNDONE = "undone"
"""The kind of the correcting event."""


def _ref(e: Event) -> str:
    """How a correcting event names the event it takes back."""
    return f"{e.kind} {e.t:.6f} {e.detail}".rstrip()


def correcting(e: Event, t: float) -> Event:
    """The event, at ``t``, that takes ``e`` back."""
    return Event(t, UNDONE, e.participant, e.contact, e.channel, _ref(e))


def _key(e: Event) -> tuple[str | None, str | None, str]:
    return (e.participant, e.contact, _ref(e))


def effective(events: Iterable[Event]) -> list[Event]:
    """``events`` without the corrected ones and without the correcting events: the
    run's state as it stands."""
    evs = list(events)
    undone = Counter((e.participant, e.contact, e.detail) for e in evs if e.kind == UNDONE)
    if not undone:
        return evs
    out = []
    for e in evs:
        if e.kind == UNDONE:
            continue
        k = _key(e)
        if undone[k] > 0:
            undone[k] -= 1
            continue
        out.append(e)
    return out


def last_record(events: Sequence[Event]) -> list[Event]:
    """The events the next undo takes back (see the module docstring); none when there
    is nothing to undo."""
    live = effective(events)
    last = next((e for e in reversed(sorted(live, key=lambda e: e.t))
                 if e.kind in UNDOABLE and e.participant is not None), None)
    if last is None:
        return []
    group = [e for e in live if e.kind == last.kind and e.t == last.t]
    codes = {e.participant for e in group}
    verdicts = [e for e in live if e.kind == "expectation" and e.t == last.t
                and e.participant in codes]
    return group + verdicts

