"""What a received message does to a live check, once.

A message is tied to a participant and contact by its token (thread or subject tag), a
bounce by its returned original's token, and, when the token was stripped, by a known
address of the directory (the sender's, a bounce's failed recipient's). Then:

* a **bounce** (RFC 3464 ``failed``) is recorded on the participant (the live rules put
  it on its next address not bounced yet) and the check is queued to its next contact
  (:func:`results.mail.plan.next_contact`);
* an **automatic reply** is recorded as ``auto_reply``, never as an acknowledgement;
* a **reply** acknowledges (at the server's receipt time); a reply after the
  acknowledgement, or one that says the tasks are done, is listed as a completion for the
  facilitator to confirm (``pocdrill live record RUN completed CODE``) in a task-level
  check;
* delay and delivery notices are noted and change nothing;
* mail carrying only another run's tokens (a mailbox shared by runs) is left alone;
* anything else is kept as **unmatched** (its From, Subject, Message-ID) for the
  facilitator to assign or ignore.

Every event keeps the Message-ID it came from in its detail; no body is stored. A message
whose Message-ID is already among the run's recorded events or processed messages is
not recorded again (a watcher killed between the two writes, a message in two mailboxes);
a bounce's follow-up is queued once whatever the moment the watcher was killed.

Every write goes through the session's ``save`` (:data:`results.live.actions.Save`), in
the order made: what a message records, then its follow-up, then its UID remembered
processed. Written at once (the command line) or queued in order behind the
facilitator's own actions (the TUI), a crash keeps a prefix of them: a UID is never
remembered without what its message recorded. The collector reads the store only
through what it is given (the outbox and processed messages, read before), so it can run
where the session lives (the TUI's thread) while the mailbox is read elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from results.live.session import LiveSession
from results.mail.classify import Incoming, classify
from results.mail.imap import Received
from results.mail.outbox import MailCheck, Queued, new_mail, sent_contacts
from results.mail.plan import keyed, next_contact
from results.store.mail import OutboxInfo, SeenInfo
from simulator.model.outcome import Event

if TYPE_CHECKING:
    from results.store import Store

EVENT_ID = re.compile(r"Message-ID (<[^>\s]+>)")


def recorded_ids(events: Iterable[Event], seen: Iterable[SeenInfo]) -> set[str]:
    """Message-IDs a run has already taken in (events' details, processed messages)."""
    out = {m for e in events for m in EVENT_ID.findall(e.detail or "")}
    return out | {s.message_id for s in seen if s.message_id}


@dataclass(frozen=True)
class Match:
    participant: str
    contact: str
    role: str


def match(inc: Incoming, rows: Sequence[Queued], check: MailCheck) -> Match | None:
    """The participant and contact ``inc`` answers for (see the module docstring)."""
    by_token = {r.token: r for r in rows}
    for tok in inc.tokens:
        if tok in by_token:
            r = by_token[tok]
            return Match(r.participant, r.contact, r.role)
    wanted = inc.recipients if inc.kind == "bounce" else (inc.sender_address,)
    for p in check.directory.participants:
        for key, c in keyed(p):
            if c.email and c.email.lower() in wanted:
                return Match(p.code, key, c.role)
    return None


class Collector:
    """Takes received messages into one live session (see the module docstring):
    ``outbox`` and ``seen`` are the run's outbox and processed messages as stored."""

    def __init__(self, session: LiveSession, check: MailCheck, outbox: Sequence[OutboxInfo],
                 seen: Iterable[SeenInfo], mailbox: str, uidvalidity: int) -> None:
        self.session = session
        self.check = check
        self.mailbox = mailbox
        self.uidvalidity = uidvalidity
        self.rows: list[Queued] = list(outbox)
        """The outbox, and what this collector has queued since."""
        self.known = recorded_ids(session.events, seen)

    def _save(self, job: Callable[[Store], object], what: str) -> None:
        self.session.save(job, what)

    def take(self, got: Received) -> str:
        """Record what ``got`` is and remember it processed; its outcome."""
        inc = classify(got.message)
        who = match(inc, self.rows, self.check)
        ours = f"r{self.session.run_id}-"
        if inc.tokens and not any(t.startswith(ours) for t in inc.tokens):
            who, outcome = None, "other_run"  # another run's answer in a shared mailbox
        elif inc.message_id and inc.message_id in self.known:
            outcome = "already_recorded"
        else:
            outcome = self._act(inc, who, got)
        if inc.kind == "bounce" and who is not None:
            self._follow_up(inc, who)
        if inc.message_id:
            self.known.add(inc.message_id)
        run_id = self.session.run_id
        seen = SeenInfo(self.mailbox, self.uidvalidity, got.uid, inc.message_id, outcome,
                        who.participant if who else None, who.contact if who else None,
                        got.at)
        self._save(lambda store: store.mark_seen(run_id, seen), "remember mail taken in")
        return outcome

    def _act(self, inc: Incoming, who: Match | None, got: Received) -> str:
        if inc.kind in ("delayed", "receipt"):
            return inc.kind
        s = self.session
        if who is None:
            run_id = s.run_id
            self._save(lambda store: store.add_unmatched(
                run_id, message_id=inc.message_id, sender=inc.sender, subject=inc.subject,
                received_at=got.at), "keep unmatched mail")
            return "unmatched"
        t = s.hours(got.at)
        detail = f"{who.contact} by e-mail, Message-ID {inc.message_id or '(none)'}"
        if inc.kind == "bounce":
            r = s.record("bounced", who.participant, t, detail)
            return "bounced" if r.event is not None else "bounced_all"
        if inc.kind == "auto_reply":
            s.record("auto_reply", who.participant, t, detail)
            return "auto_reply"
        task = self.check.scenario.check.level == "task"
        if s.participants[who.participant].ack_at is None:
            s.record("acknowledged", who.participant, t, detail)
            return "acknowledged+completion" if task and inc.says_done else "acknowledged"
        return "completion" if task else "answer"

    def _follow_up(self, inc: Incoming, who: Match) -> None:
        """Queue the check to the next contact after bounce ``inc``, once: the outbox row
        keeps the bounce's Message-ID, so a watcher killed between recording the bounce
        and queueing, or after, queues it exactly once when it takes the bounce again."""
        if inc.message_id and any(r.cause == inc.message_id for r in self.rows):
            return
        letter = next_contact(self.check.directory, sent_contacts(self.rows),
                              who.participant, who.role, self.session.run_id)
        if letter is not None:
            mails = new_mail(self.check, [letter], inc.message_id)
            self.rows.extend(mails)
            run_id = self.session.run_id
            self._save(lambda store: store.queue_mail(run_id, mails), "queue mail")
