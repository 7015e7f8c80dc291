"""``pocdrill live``: a real communication check by e-mail, from the terminal.

``start`` plans the check and (with ``--send``) stores the live run and sends it;
``watch`` sends reminders and escalations when due and collects answers; ``status``,
``record``, ``resend``, ``assign`` and ``finish`` are the facilitator's verbs. The rules
live in :mod:`results.mail`; a bad setting, file or server is one ``error:`` line and
exit status 2, with nothing sent.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pocdrill.common import (
    DbOption,
    JsonOption,
    fail,
    id_argument,
    input_errors,
    open_store,
    print_json,
)

if TYPE_CHECKING:
    from results.live.session import LiveSession
    from results.mail.settings import MailSettings
    from results.store import Store

live_app = typer.Typer(help="Run a real check by e-mail: send, watch, record, finish.",
                       no_args_is_help=True)

RunId = Annotated[int, id_argument("RUN", "The live run's id.")]
PlacesOption = Annotated[
    list[Path] | None,
    typer.Option("--scenario-dir", help="Folder where the run's scenario file and its "
                 "directory file are (default: the working directory)."),
]
RateOption = Annotated[
    float, typer.Option("--rate", min=0.1, help="At most this many messages a minute.")
]
DRY_SENDER = "secretariat@example.invalid"


def register(app: typer.Typer) -> None:
    app.add_typer(live_app, name="live")


@contextmanager
def mail_errors() -> Iterator[None]:
    """Bad settings, a server that cannot be used, a check that cannot be sent: one
    ``error:`` line, exit status 2."""
    from results.db import StoreError
    from results.live.actions import RunCompleted
    from results.mail.check import NotACheck
    from results.mail.compose import NoMessageText
    from results.mail.errors import MailError
    from results.mail.plan import NoAddress
    from results.mail.settings import MailSettingsError

    with input_errors():
        try:
            yield
        except (MailSettingsError, MailError, NoMessageText, NoAddress, NotACheck,
                RunCompleted, StoreError, KeyError, ValueError) as e:
            text = e.args[0] if isinstance(e, KeyError) and e.args else e
            raise fail(f"error: {text}") from None


def _settings(need_imap: bool = False) -> MailSettings:
    from results.mail.settings import MailSettingsError, load_settings

    s = load_settings()
    if need_imap and s.imap is None:
        raise MailSettingsError("no IMAP mailbox for the answers: set POCDRILL_IMAP_HOST or "
                                "[imap] host in the mail settings")
    return s


def _probe(settings: MailSettings) -> None:
    """Log in to the SMTP server (and the IMAP mailbox) once, sending nothing."""
    from results.mail.imap import ImapMailbox
    from results.mail.smtp import SmtpTransport

    with SmtpTransport(settings.smtp):
        pass
    if settings.imap is not None:
        with ImapMailbox(settings.imap, settings.mailbox):
            pass


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise fail("error: --send needs a confirmation: add --yes to send without asking")
    if not typer.confirm(question, default=False):
        raise fail("nothing sent", code=1)


@live_app.command("settings")
def settings_command(
    init: Annotated[bool, typer.Option("--init", help="Create the settings file (0600) "
                                       "with every key and example values")] = False,
) -> None:
    """Show the mail settings in use (passwords only as set or not), or create the file."""
    from results.mail.settings import describe_settings, init_settings, settings_path

    with mail_errors():
        if init:
            path = init_settings(settings_path())
            typer.echo(f"wrote {path} (mode 0600): fill in your servers")
            return
        for line in describe_settings():
            typer.echo(line)


@live_app.command("start")
def start_command(
    scenario: Annotated[Path, typer.Argument(help="A check scenario with message text.")],
    *,
    send: Annotated[bool, typer.Option(
        "--send/--dry-run", help="Send for real; the default writes .eml files and prints "
        "the plan.")] = False,
    test_to: Annotated[str | None, typer.Option(
        "--test-to", metavar="ADDRESS", help="Send every message to this one test mailbox.")
    ] = None,
    rate: RateOption = 30.0,
    yes: Annotated[bool, typer.Option("--yes", help="Send without asking to confirm.")] = False,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Folder for a dry run's .eml files (default: SCENARIO-dry-run).")] = None,
    db: DbOption = None,
) -> None:
    """Plan a live check from SCENARIO and send it by e-mail (a dry run unless --send)."""
    from results.mail.check import dry_run, plan_check, prepare, start_check
    from results.mail.settings import MailSettingsError, load_settings
    from results.mail.smtp import SmtpTransport
    from results.runs import checked_directory
    from simulator.io.scenario_files import load_scenario

    now = datetime.now(UTC)
    with mail_errors():
        loaded = load_scenario(scenario)
        directory = checked_directory(loaded, str(scenario))
        if send:
            settings = _settings()
            sender = settings.sender
        else:
            try:
                sender = load_settings().sender
            except MailSettingsError:
                sender = DRY_SENDER
        check, letters = prepare(loaded, directory, run_id=0, start=now, sender=sender,
                                 test_to=test_to)
        plan = plan_check(check, letters)
    _print_plan(plan)
    if not send:
        folder = out or Path(f"{scenario.stem}-dry-run")
        with mail_errors():
            files = dry_run(check, letters, folder, now)
        typer.echo(f"dry run: wrote {len(files)} message(s) to {folder}/; nothing was "
                   "sent (add --send to send)", err=True)
        return
    _confirm(plan.confirmation(sender), yes)
    with mail_errors():
        _probe(settings)
    with open_store(db) as store, mail_errors():
        started = start_check(store, loaded, directory, start=now, sender=sender,
                              test_to=test_to, transport=lambda: SmtpTransport(settings.smtp),
                              rate=rate)
    d, run = started.delivery, started.session.run_id
    if started.error is not None:
        raise fail(f"error: {started.error}; run {run} keeps the rest of its check queued: "
                   f"see pocdrill live status {run}, send it with pocdrill live watch {run}")
    typer.echo(f"run {run}: sent {len(d.sent)}, refused {len(d.failed)}; "
               f"collect answers with: pocdrill live watch {run}")


def _print_plan(plan: object) -> None:
    from results.mail.check import Plan

    assert isinstance(plan, Plan)
    typer.echo(f"{len(plan.lines)} message(s) to {plan.participants} participant(s):")
    for x in plan.lines:
        typer.echo(f"  now  {x.participant:<6} {x.contact:<24} {x.address}")
    for line in plan.later:
        typer.echo(f"  {line}")


@contextmanager
def _opened(db: str | None, run_id: int, places: list[Path] | None,
            ) -> Iterator[tuple[Store, LiveSession]]:
    from results.live.session import LiveSession

    with open_store(db) as store, mail_errors():
        session = LiveSession.reopen(store, run_id, places=places or ())
        try:
            yield store, session
        finally:
            session.pause("closed by the command line")


@live_app.command("watch")
def watch_command(
    run_id: RunId,
    *,
    interval: Annotated[float, typer.Option(
        "--interval", min=0.0, help="Seconds between passes over the mailbox.")] = 60.0,
    passes: Annotated[int | None, typer.Option(
        "--passes", min=1, help="Stop after this many passes (default: until Ctrl-C).")] = None,
    rate: RateOption = 30.0,
    places: PlacesOption = None,
    db: DbOption = None,
) -> None:
    """Send due reminders and escalations and collect answers, every --interval seconds."""
    from results.mail.check import open_check
    from results.mail.imap import ImapMailbox
    from results.mail.progress import Pass
    from results.mail.smtp import SmtpTransport
    from results.mail.watch import watch

    with mail_errors():
        settings = _settings(need_imap=True)
        _probe(settings)
    imap = settings.imap
    assert imap is not None

    def report(p: Pass) -> None:
        for q in p.queued:
            typer.echo(f"queued {q}")
        for uid, outcome in p.taken:
            typer.echo(f"uid {uid}: {outcome}")
        d = p.delivery
        if d.sent or d.failed:
            typer.echo(f"sent {len(d.sent)}, refused {len(d.failed)}")

    with open_store(db) as store, mail_errors():
        session, check, unknown = open_check(store, run_id, sender=settings.sender,
                                             places=places or ())
        for oid in unknown:
            typer.echo(f"warning: outbox message {oid} may or may not have gone out; "
                       f"send it again with: pocdrill live resend {run_id} {oid}", err=True)
        try:
            watch(session, store, check, interval=interval, passes=passes, rate=rate,
                  connect=lambda: SmtpTransport(settings.smtp),
                  mailbox=lambda: ImapMailbox(imap, settings.mailbox), report=report,
                  trouble=lambda e: typer.echo(f"warning: {e}; trying again", err=True))
        except KeyboardInterrupt:
            typer.echo(f"stopped; go on with: pocdrill live watch {run_id}", err=True)


@live_app.command("status")
def status_command(
    run_id: RunId, *, json_out: JsonOption = False, places: PlacesOption = None,
    expected: Annotated[bool, typer.Option(
        "--expected/--no-expected", help="Compare with the share expected by now, from "
        "replications of the scenario started at the same moment (computed once, cached).")
    ] = True,
    replications: Annotated[int, typer.Option(
        "--replications", "-r", min=20, max=100_000,
        help="Replications behind the expected band.")] = 500,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, max=64, help="Processes computing the band.")] = 2,
    db: DbOption = None,
) -> None:
    """Show who answered, the outbox, completions to confirm, unmatched mail, calls due,
    and the share expected by now with whom to phone first."""
    from results.live.expected import expected_status
    from results.mail.status import mail_status
    from simulator.text import hours

    with open_store(db) as store, mail_errors():
        st = mail_status(store, run_id, places=places or ())
        ex = expected_status(store, run_id, places=places or (), replications=replications,
                             workers=workers) if expected else None
    if json_out:
        print_json({**st.to_dict(), "expected": ex.to_dict() if ex is not None else None})
        return
    typer.echo(f"run {run_id} ({st.status}), {st.hours:.1f}h in: {st.acknowledged} of "
               f"{len(st.participants)} acknowledged; outbox "
               + ", ".join(f"{k} {v}" for k, v in sorted(st.outbox.items())))
    for p in st.participants:
        done = f" completed {hours(p.completed_at)}" if p.completed_at is not None else ""
        auto = f" auto-replies {st.auto_replies[p.code]}" if p.code in st.auto_replies else ""
        ack = hours(p.ack_at) if p.ack_at is not None else "-"
        typer.echo(f"  {p.code:<6} ack {ack}{done} bounces {p.bounces} "
                   f"reminders {p.reminders}{auto}")
    for r in st.unknown:
        typer.echo(f"unknown fate: outbox {r.id} ({r.kind} to {r.contact}); resend with "
                   f"pocdrill live resend {run_id} {r.id}")
    for r in st.failed:
        typer.echo(f"refused: outbox {r.id} ({r.kind} to {r.contact}): {r.error}")
    for c in st.completions:
        typer.echo(f"completion to confirm: {c.participant} (Message-ID {c.message_id}); "
                   f"pocdrill live record {run_id} completed {c.participant}")
    for u in st.unmatched:
        if u.status == "open":
            typer.echo(f"unmatched {u.id}: {u.sender} | {u.subject}")
    for code, key, phone in st.calls:
        typer.echo(f"call {code} {key}: {phone}")
    for line in ex.lines() if ex is not None else []:
        typer.echo(line)


@live_app.command("record")
def record_command(
    run_id: RunId,
    kind: Annotated[str, typer.Argument(help="acknowledged, completed, bounced, delivered "
                                        "or phone_call.")],
    code: Annotated[str, typer.Argument(help="The participant's code.")],
    *,
    at: Annotated[datetime | None, typer.Option(
        "--at", help="When it happened (ISO 8601; default: now).")] = None,
    note: Annotated[str, typer.Option("--note", help="What the facilitator saw.")] = "",
    places: PlacesOption = None,
    db: DbOption = None,
) -> None:
    """Record what a participant did by hand (a phone call, a fax, a confirmed completion)."""
    kinds = ("acknowledged", "completed", "bounced", "delivered", "phone_call")
    if kind not in kinds:
        raise fail(f"error: KIND: {kind!r} is not one of {', '.join(kinds)}")
    when = (at or datetime.now(UTC))
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    with _opened(db, run_id, places) as (_, session):
        code = code.strip().upper()
        if code not in session.participants:
            raise KeyError(f"run {run_id} has no participant {code}")
        r = session.record(kind, code, session.hours(when), f"by the facilitator {note}".strip())
    if r.already_at is not None:
        typer.echo(f"{code}: {kind} already recorded at {r.already_at:.2f}h")
    elif r.event is None:
        typer.echo(f"{code}: nothing recorded (every address has already bounced)")
    else:
        typer.echo(f"{code}: {kind} recorded at {r.event.t:.2f}h")


@live_app.command("resend")
def resend_command(
    run_id: RunId,
    outbox_id: Annotated[int, id_argument("ID", "The outbox message's id.")],
    *, db: DbOption = None,
) -> None:
    """Queue an outbox message of unknown fate (or refused) again; live watch sends it."""
    with open_store(db) as store, mail_errors():
        store.requeue_mail(run_id, outbox_id)
    typer.echo(f"outbox {outbox_id} queued again; pocdrill live watch {run_id} sends it")


@live_app.command("assign")
def assign_command(
    run_id: RunId,
    unmatched_id: Annotated[int, id_argument("ID", "The unmatched mail's id.")],
    code: Annotated[str | None, typer.Argument(
        help="The participant it answers for (records an acknowledgement).")] = None,
    *,
    ignore: Annotated[bool, typer.Option("--ignore", help="Ignore it instead.")] = False,
    places: PlacesOption = None,
    db: DbOption = None,
) -> None:
    """Assign an unmatched mail to a participant (an acknowledgement), or --ignore it."""
    if (code is None) == (not ignore):
        raise fail("error: give a participant CODE or --ignore (not both)")
    with _opened(db, run_id, places) as (store, session):
        mail = next((u for u in store.unmatched(run_id) if u.id == unmatched_id), None)
        if mail is None:
            raise KeyError(f"run {run_id} has no unmatched mail {unmatched_id}")
        if code is None:
            store.resolve_unmatched(run_id, unmatched_id, status="ignored")
            typer.echo(f"unmatched {unmatched_id} ignored")
            return
        code = code.strip().upper()
        if code not in session.participants:
            raise KeyError(f"run {run_id} has no participant {code}")
        t = session.hours(mail.received_at or datetime.now(UTC))
        session.record("acknowledged", code, t,
                       f"assigned by the facilitator, Message-ID {mail.message_id}")
        store.resolve_unmatched(run_id, unmatched_id, status="assigned", participant=code)
    typer.echo(f"unmatched {unmatched_id} assigned to {code}")


@live_app.command("finish")
def finish_command(
    run_id: RunId, *, places: PlacesOption = None, db: DbOption = None,
) -> None:
    """Complete the live run: its summary is stored; nothing more is recorded after."""
    from results.live.session import LiveSession

    with open_store(db) as store, mail_errors():
        session = LiveSession.reopen(store, run_id, places=places or ())
        result = session.finish(session.hours(datetime.now(UTC)))
    acked = sum(1 for p in result.participants if p.ack_at is not None)
    typer.echo(f"run {run_id} completed: {acked} of {len(result.participants)} acknowledged")
