"""A live check by e-mail, from start to reopening: the plan, the dry run, the start.

* :func:`plan_check` says who gets what (the check to every addressee, with its address,
  and when reminders, escalations and the phone follow-up come) before anything happens;
  a contact without an address or a scenario without message text is an error here;
* :func:`dry_run` writes every message of the check as an ``.eml`` file (nothing stored,
  nothing sent);
* :func:`start_check` stores the live run (:meth:`LiveSession.start_run`), puts the check
  in the outbox and sends it (:func:`results.mail.outbox.deliver`), then leaves the run
  for ``pocdrill live watch`` (marked interrupted, resumable);
* :func:`open_check` reopens a live check for this process: messages left ``sending`` by
  a dead process become ``unknown``; :func:`watch_setup` says whether a run the TUI has
  reopened is a check by e-mail and what watching it needs (or why it cannot be watched).

A test run (``test_to``) sends every message to one mailbox; the run keeps that choice
in a note, so reminders sent later go there too.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from results.live.scenario import taking_part
from results.live.session import LiveSession
from results.mail.compose import Letter, message_of
from results.mail.errors import MailError
from results.mail.outbox import Delivery, MailCheck, deliver, new_mail
from results.mail.plan import check_letters
from results.mail.settings import MailSettings, MailSettingsError, load_settings
from results.mail.smtp import Connect, FolderTransport
from results.store import Store
from simulator.engine.secretariat import action_time
from simulator.io.scenario_files import LoadedScenario
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from simulator.model.scenario import Scenario

TEST_NOTE = "mail test run: every message goes to "


class NotACheck(ValueError):
    """Only a communication check is sent by e-mail."""


def as_check(scenario: Scenario | None, source: str = "the scenario") -> CheckScenario:
    if not isinstance(scenario, CheckScenario):
        raise NotACheck(f"{source}: only a communication check (kind: check) is sent by "
                        "e-mail")
    message_of(scenario, source)
    return scenario


@dataclass(frozen=True)
class PlanLine:
    """One message of the check: to whom, at which address, as which kind."""

    participant: str
    contact: str
    role: str
    address: str
    kind: str = "check"


@dataclass(frozen=True)
class Plan:
    """What a live check will send: the messages now and what comes later."""

    lines: list[PlanLine]
    participants: int
    later: list[str] = field(default_factory=list)

    def confirmation(self, sender: str) -> str:
        return (f"Send {len(self.lines)} message(s) to {self.participants} participant(s) "
                f"from {sender}?")


def plan_check(check: MailCheck, letters: Sequence[Letter]) -> Plan:
    """The plan of ``letters`` for ``check`` (addresses from the directory, or the test
    mailbox)."""
    sc = check.scenario.check

    def at(h: float) -> str:
        """``+24h``, or ``+65h (due +24h; the secretariat's next working moment)``."""
        real = action_time(sc, h, check.start)
        if real == h:
            return f"+{h:g}h"
        if real == math.inf:
            return f"never (due +{h:g}h; the secretariat's next working moment is too late)"
        return f"+{real:.4g}h (due +{h:g}h; the secretariat's next working moment)"

    later = [f"{at(h)}: reminder {i} to contacts of participants that have not "
             "acknowledged" + (" and their deputies" if sc.reminders_to_deputies else "")
             for i, h in enumerate(sc.reminders, 1)]
    if sc.escalate_to_deputies:
        later.append(f"{at(sc.escalation_hours)}: escalation to the deputies of "
                     "participants that have not acknowledged")
    if sc.phone_follow_up is not None:
        later.append(f"+{sc.phone_follow_up:g}h: call list of participants that have not "
                     "acknowledged (pocdrill live status)")
    later.append("after a bounce: the check to the participant's next contact")
    lines = [PlanLine(x.participant, x.contact_key, x.role, check.address(x.contact_key))
             for x in letters]
    return Plan(lines, len({x.participant for x in letters}), later)


def prepare(loaded: LoadedScenario, directory: Directory, *, run_id: int, start: datetime,
            sender: str, test_to: str | None,
            token: Callable[[int], str] | None = None) -> tuple[MailCheck, list[Letter]]:
    """The check's letters (errors before anything is stored or sent)."""
    sc = as_check(loaded.scenario, str(loaded.path or "the scenario"))
    check = MailCheck(run_id, sc, directory, start, sender, test_to)
    people = taking_part(sc, directory)
    letters = check_letters(sc, people, run_id) if token is None \
        else check_letters(sc, people, run_id, token)
    return check, letters


def dry_run(check: MailCheck, letters: Sequence[Letter], folder: Path, now: datetime
            ) -> list[Path]:
    """Every message of the check as an ``.eml`` file in ``folder``; nothing is sent."""
    with FolderTransport(folder) as files:
        for x in letters:
            files.send(check.message(x, now), check.address(x.contact_key))
    return files.files


@dataclass
class Started:
    session: LiveSession
    check: MailCheck
    delivery: Delivery
    error: str | None = None
    """Why sending stopped (the rest stays queued for ``live watch``)."""


def start_check(
    store: Store, loaded: LoadedScenario, directory: Directory, *, start: datetime,
    sender: str, test_to: str | None, transport: Connect, rate: float,
    sleep: Callable[[float], None] | None = None,
) -> Started:
    """Store the live run, queue the check and send it (see the module docstring).
    Checks everything before storing anything; a server failing meanwhile is said in
    ``error`` and leaves the rest queued for ``live watch``."""
    _, letters = prepare(loaded, directory, run_id=0, start=start, sender=sender,
                         test_to=test_to)
    session = LiveSession.start_run(store, loaded, directory, start=start)
    check, letters = prepare(loaded, directory, run_id=session.run_id, start=start,
                             sender=sender, test_to=test_to)
    if test_to:
        session.add_note(TEST_NOTE + test_to, None, 0.0)
    store.queue_mail(session.run_id, new_mail(check, letters))
    done, error = Delivery(), None
    try:
        with transport() as t:
            done = deliver(store, check, t, rate=rate, sleep=sleep or time.sleep)
    except MailError as e:
        error = str(e)
    finally:
        session.pause("check sent; collect answers with pocdrill live watch")
    return Started(session, check, done, error)


def test_mailbox(session: LiveSession) -> str | None:
    """The test mailbox a run's mail goes to, from its note (None: real addresses)."""
    for e in session.events:
        if e.kind == "note" and e.detail.startswith(TEST_NOTE):
            return e.detail[len(TEST_NOTE):].strip()
    return None


def open_check(store: Store, run_id: int, *, sender: str, places: Sequence[Path] = ()
               ) -> tuple[LiveSession, MailCheck, list[int]]:
    """Reopen live check ``run_id`` for this process; also the outbox ids it found left
    ``sending`` (now ``unknown``). A run that cannot be sent is left paused."""
    session = LiveSession.reopen(store, run_id, places=places)
    try:
        check, unknown = mail_check_of(store, session, sender=sender)
    except ValueError:
        session.pause("reopened for mail, but the check cannot be sent")
        raise
    return session, check, unknown


def mail_check_of(store: Store, session: LiveSession, *, sender: str
                  ) -> tuple[MailCheck, list[int]]:
    """What sending ``session``'s mail needs, for a run just reopened in this process;
    also the outbox ids found left ``sending`` by a dead process (now ``unknown``).
    :class:`NotACheck` when its scenario is not a check with message text, or its
    directory cannot be found again."""
    run_id = session.run_id
    sc = as_check(session.scenario, f"run {run_id}")
    if session.directory is None:
        raise NotACheck(f"run {run_id}: its directory file cannot be found again; run "
                        "from the scenario's folder")
    unknown = store.settle_sending(run_id)
    check = MailCheck(run_id, sc, session.directory, session.start, sender,
                      test_mailbox(session))
    return check, unknown


@dataclass(frozen=True)
class WatchSetup:
    """What watching a reopened mail check needs: its check and mail settings and the
    outbox ids found of unknown fate; or, when it cannot be watched, why (``error``)."""

    check: MailCheck | None = None
    settings: MailSettings | None = None
    unknown: list[int] = field(default_factory=list)
    error: str | None = None


def watch_setup(store: Store, session: LiveSession,
                load: Callable[[], MailSettings] = load_settings) -> WatchSetup | None:
    """For a live run just reopened in this process: None when it is not a check by
    e-mail (its outbox is empty); else what watching it needs (see :func:`mail_check_of`;
    messages left ``sending`` become ``unknown``), or why it cannot be watched (mail
    settings missing or wrong, no IMAP mailbox, the scenario or directory not found)."""
    if not store.outbox(session.run_id):
        return None
    try:
        settings = load()
        if settings.imap is None:
            raise MailSettingsError("no IMAP mailbox for the answers: set POCDRILL_IMAP_HOST "
                                    "or [imap] host in the mail settings")
        check, unknown = mail_check_of(store, session, sender=settings.sender)
    except ValueError as e:  # MailSettingsError, NotACheck, NoMessageText
        return WatchSetup(error=str(e))
    return WatchSetup(check, settings, unknown)
