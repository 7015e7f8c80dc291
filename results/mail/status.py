"""A live check's state as the facilitator reads it (``pocdrill live status``), without
opening the run: who answered and when, the outbox by state (with every message whose
fate is unknown), completions to confirm, unmatched mail, and the call list once the
phone follow-up is due."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from results.live.stored import load_live_state
from results.mail.plan import call_list
from results.models import utcnow
from results.store import Store
from results.store.mail import OutboxInfo, SeenInfo, UnmatchedInfo
from simulator.engine.secretariat import action_time
from simulator.model.check import CheckScenario
from simulator.model.errors import InputError
from simulator.model.outcome import ParticipantOutcome


@dataclass
class MailStatus:
    """What ``live status`` shows."""

    run_id: int
    status: str
    hours: float
    participants: list[ParticipantOutcome]
    outbox: dict[str, int]
    unknown: list[OutboxInfo]
    failed: list[OutboxInfo]
    completions: list[SeenInfo]
    unmatched: list[UnmatchedInfo]
    auto_replies: dict[str, int] = field(default_factory=dict)
    calls: list[tuple[str, str, str]] = field(default_factory=list)
    """(participant, contact key, phone) to call: shown, never stored."""

    @property
    def acknowledged(self) -> int:
        return sum(1 for p in self.participants if p.ack_at is not None)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary (no phone numbers: they are personal data)."""
        return {
            "run": self.run_id, "status": self.status, "hours": round(self.hours, 3),
            "participants": len(self.participants), "acknowledged": self.acknowledged,
            "completed": sum(1 for p in self.participants if p.completed_at is not None),
            "outbox": self.outbox,
            "unknown": [{"id": r.id, "participant": r.participant, "contact": r.contact,
                         "kind": r.kind, "message_id": r.message_id} for r in self.unknown],
            "completions_to_confirm": sorted({c.participant or "" for c in self.completions}),
            "unmatched_open": sum(1 for u in self.unmatched if u.status == "open"),
            "auto_replies": self.auto_replies, "calls_due": len(self.calls),
        }


def mail_status(store: Store, run_id: int, *, places: Sequence[Path] = (),
                now: datetime | None = None) -> MailStatus:
    """Live check ``run_id`` as stored now."""
    state = load_live_state(store, run_id)
    t = max(0.0, ((now or utcnow()) - state.start).total_seconds() / 3600.0)
    rows = store.outbox(run_id)
    acked = {p.code for p in state.participants if p.ack_at is not None}
    done = {p.code for p in state.participants if p.completed_at is not None}
    seen = store.seen_mail(run_id)
    status = MailStatus(
        run_id=run_id, status=state.run.status, hours=t, participants=state.participants,
        outbox=dict(Counter(r.state for r in rows)),
        unknown=[r for r in rows if r.state == "unknown"],
        failed=[r for r in rows if r.state == "failed"],
        completions=[s for s in seen if s.outcome.endswith("completion")
                     and s.participant not in done],
        unmatched=store.unmatched(run_id),
        auto_replies=dict(Counter(s.participant for s in seen
                                  if s.outcome == "auto_reply" and s.participant)),
    )
    status.calls = _calls(state.scenario_text, places, t, state.start,
                          [p.code for p in state.participants if p.code not in acked])
    return status


def _calls(text: str, places: Sequence[Path], t: float, start: datetime, quiet: list[str]
           ) -> list[tuple[str, str, str]]:
    from results.stored_scenario import stored_scenario

    try:
        found = stored_scenario(text, places=places)
    except InputError:
        return []
    sc = found.loaded.scenario
    if (not isinstance(sc, CheckScenario) or found.directory is None
            or sc.check.phone_follow_up is None
            or t < action_time(sc.check, sc.check.phone_follow_up, start)):
        return []
    return call_list(found.directory, quiet)
