"""What a watcher did, as plain data and as the one line a face shows.

:class:`Pass` is one pass of :func:`results.mail.watch.watch_pass`: what it queued, what
the outbox sent, what it took in from the mailbox and the outbox after it.
:class:`WatchState` is a watcher over time (its last pass, its last error, paused or
not); :meth:`WatchState.line` says it in one line: no address, no password, no body.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from results.mail.outbox import Delivery

OUTCOMES = {
    "acknowledged": "acknowledged", "acknowledged+completion": "acknowledged",
    "completion": "completion to confirm", "answer": "answer", "bounced": "bounced",
    "bounced_all": "bounced", "auto_reply": "auto-reply", "unmatched": "unmatched",
    "other_run": "another run's", "already_recorded": "already recorded",
    "delayed": "delay notice", "receipt": "delivery notice",
}
"""How each outcome of :meth:`results.mail.collect.Collector.take` reads, in this order."""
OUTBOX_SHOWN = ("queued", "sending", "sent", "failed", "unknown")
NOTHING = "nothing new"


@dataclass
class Pass:
    """What one pass did."""

    queued: list[str] = field(default_factory=list)
    """What was queued: ``reminder 1 (12 message(s))``, ``escalation (3 message(s))``."""
    delivery: Delivery = field(default_factory=Delivery)
    taken: list[tuple[int, str]] = field(default_factory=list)
    """(UID, outcome) of each message taken in."""
    outbox: dict[str, int] = field(default_factory=dict)
    """The run's outbox by state after the pass."""

    def outcomes(self) -> Counter[str]:
        """How many messages taken in read as each of :data:`OUTCOMES` (completions
        said with an acknowledgement count as acknowledgements and completions)."""
        out: Counter[str] = Counter()
        for _, outcome in self.taken:
            out[OUTCOMES.get(outcome, outcome)] += 1
            if outcome == "acknowledged+completion":
                out[OUTCOMES["completion"]] += 1
        return out

    def summary(self) -> str:
        """``sent 5; acknowledged 2, bounced 1, auto-reply 1`` (``nothing new``)."""
        parts = [f"queued {q}" for q in self.queued]
        d = self.delivery
        sent = [f"{label} {n}" for label, n in (("sent", len(d.sent)),
                                                  ("refused", len(d.failed)),
                                                  ("unknown", len(d.unknown))) if n]
        if sent:
            parts.append(", ".join(sent))
        got = self.outcomes()
        order = list(dict.fromkeys(OUTCOMES.values()))
        taken = [f"{label} {got[label]}" for label in order if got[label]]
        taken += [f"{label} {n}" for label, n in got.items() if label not in order]
        if taken:
            parts.append(", ".join(taken))
        return "; ".join(parts) or NOTHING


def outbox_text(outbox: dict[str, int]) -> str:
    """``outbox 0 queued, 9 sent, 1 unknown`` (states with none left out, but queued)."""
    shown = [f"{outbox.get(s, 0)} {s}" for s in OUTBOX_SHOWN
             if outbox.get(s) or s == "queued"]
    return "outbox " + ", ".join(shown)


@dataclass
class WatchState:
    """A watcher as the facilitator follows it."""

    interval: float
    paused: bool = False
    passes: int = 0
    last_at: datetime | None = None
    last: Pass | None = None
    news_at: datetime | None = None
    news: str | None = None
    """The summary of the last pass that did something, and when."""
    outbox: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    """The last pass's failure, as one line (cleared by a pass that works)."""
    stopped: str | None = None
    """Why the watcher stopped for good (no settings, the run completed ...)."""

    def passed(self, p: Pass, at: datetime) -> None:
        self.passes += 1
        self.last_at, self.last, self.error = at, p, None
        self.outbox = dict(p.outbox)
        if p.summary() != NOTHING:
            self.news_at, self.news = at, p.summary()

    def failed(self, error: str, at: datetime) -> None:
        self.passes += 1
        self.last_at, self.error = at, error

    def line(self) -> str:
        """``mail: watching every 60s · last pass 12:03:05 UTC: sent 2; acknowledged 1 ·
        outbox 0 queued, 9 sent`` and the last error, with the retry. A last pass that
        did nothing recalls the last one that did: ``nothing new (12:01:00: bounced 1)``."""
        if self.stopped is not None:
            head = f"mail: not watching ({self.stopped})"
        elif self.paused:
            head = "mail: paused; nothing is sent or collected"
        else:
            head = f"mail: watching every {self.interval:g}s"
        parts = [head]
        if self.last_at is not None:
            what = self.last.summary() if self.last is not None and self.error is None \
                else "failed"
            if what != self.news and self.news_at is not None:
                what += f" ({_clock(self.news_at)}: {self.news})"
            parts.append(f"last pass {_clock(self.last_at)} UTC: {what}")
        if self.outbox:
            parts.append(outbox_text(self.outbox))
        if self.error is not None:
            retry = "" if self.paused or self.stopped else \
                f" (trying again in {self.interval:g}s)"
            parts.append(f"error: {self.error}{retry}")
        return " · ".join(parts)


def _clock(at: datetime) -> str:
    return f"{at.astimezone(UTC):%H:%M:%S}"
