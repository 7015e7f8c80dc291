"""The TUI's live board watching a real check by e-mail (real Dovecot and SMTP servers):
a bounce sends the check to the deputy, a reply with the token acknowledges on the board
and in the store exactly once (the same reply again, or the facilitator's key, records
nothing more), the facilitator's keys keep recording, the watcher pauses and resumes,
and the run is open in one process only: ``pocdrill live watch`` is refused while the
board holds it, and the board while ``live watch`` does."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from results.mail.check import start_check
from results.mail.settings import load_settings
from results.mail.smtp import SmtpTransport
from results.store import Store
from simulator.io.scenario_files import load_scenario
from tests.functional.mail.conftest import MailServer, live, live_popen
from tests.functional.tui.support import Workspace, settle
from tests.mail_support import DOMAIN, reply
from tui.screens.home import HomeScreen
from tui.screens.live_run import LiveRunScreen
from tui.widgets.mail_watch import MailWatch
from tui.widgets.status_board import StatusBoard

pytestmark = pytest.mark.mail


def _now() -> datetime:
    return datetime.now(UTC)


def _start(mail_server: MailServer, tag: str, scenario: Path, db_url: str,
           monkeypatch: pytest.MonkeyPatch) -> int:
    """A real check sent to the test server (as ``live start --send`` does)."""
    for k, v in mail_server.env(tag).items():
        monkeypatch.setenv(k, v)
    settings = load_settings()
    loaded = load_scenario(scenario)
    with Store(db_url) as store:
        started = start_check(store, loaded, loaded.directory(), start=_now(),
                              sender=settings.sender, test_to=None, rate=6000,
                              transport=lambda: SmtpTransport(settings.smtp))
    assert started.error is None and len(started.delivery.sent) == 7
    return started.session.run_id


async def _until(pilot: Any, what: str, ok: Callable[[], object], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if ok():
            return
        await pilot.pause(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _app(scenario: Path, db_url: str, run_id: int) -> Any:
    root = scenario.parent.parent
    ws = Workspace(root, scenario, root / "directories" / "mail.yaml", db_url)
    return ws.app(clock=_now, resume=run_id, mail_interval=3.0)


async def test_the_live_board_watches_a_real_check(
        mail_server: MailServer, tag: str, workspace: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db_url = f"sqlite:///{tmp_path / 'results.db'}"
    run = _start(mail_server, tag, workspace, db_url, monkeypatch)
    secretariat = mail_server.env(tag)["POCDRILL_MAIL_FROM"]
    store = Store(db_url)
    app = _app(workspace, db_url, run)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await _until(pilot, "the board", lambda: isinstance(app.screen, LiveRunScreen)
                         and app.screen.mail is not None)
            screen = app.screen
            assert isinstance(screen, LiveRunScreen) and screen.session is not None
            mail = screen.query_one(MailWatch)
            board = screen.query_one(StatusBoard)

            def status(code: str) -> str:
                return board.view(code).status  # type: ignore[no-any-return]

            # gone.xd's real bounce: recorded, and the check goes out to the deputy
            await _until(pilot, "the bounce and the deputy's check", lambda:
                         screen.session.participants["XD"].bounces == 1  # type: ignore
                         and mail.state.outbox.get("sent") == 8)
            assert "mail: watching every 3s" in str(mail.render())

            # XA answers with the token while the board is watching
            xa_id = next(r.message_id for r in store.outbox(run) if r.contact == "XA/policy")
            answer = reply(mail_server.find(f"p.xa@{DOMAIN}", xa_id), f"p.xa@{DOMAIN}",
                           to=secretariat)
            await asyncio.to_thread(mail_server.send, answer, f"p.xa@{DOMAIN}", secretariat)
            await _until(pilot, "XA acknowledged", lambda: status("XA") == "acknowledged")
            assert any(e.kind == "acknowledged" and e.participant == "XA"
                       and answer["Message-ID"] in e.detail for e in screen.events)
            await _until(pilot, "the mail line", lambda: "acknowledged 1" in str(mail.render()))

            # the same answer delivered again, and the facilitator's key: nothing more
            # (the board's workers never all complete while it watches: no settle here)
            await asyncio.to_thread(mail_server.send, answer, f"p.xa@{DOMAIN}", secretariat)
            await _until(pilot, "the copy taken in", lambda: any(
                s.outcome == "already_recorded" for s in store.seen_mail(run)))
            await pilot.press("a")  # XA, the first row
            # XB answers by fax: the facilitator's key records it while the watcher runs
            await pilot.press("down", "a")
            await _until(pilot, "XB acknowledged", lambda: status("XB") == "acknowledged")

            # the run is open here: live watch is refused, saying so
            refused = await asyncio.to_thread(
                live, "watch", str(run), "--passes", "1", env=mail_server.env(tag), db=db_url)
            assert refused.returncode == 2
            assert f"live run {run} is open in another pocdrill" in refused.stderr

            await pilot.press("m")
            assert mail.state.paused and "paused" in str(mail.render())
            await pilot.press("m")
            assert mail.watching
            await pilot.press("escape")
            await _until(pilot, "the board left", lambda: isinstance(app.screen, HomeScreen))
            await settle(pilot)  # no watcher left: every store write done
        events = store.load_result(run).events
        acks = [e for e in events if e.kind == "acknowledged"]
        assert sorted(e.participant or "" for e in acks) == ["XA", "XB"]
        assert [e.participant for e in events if e.kind == "bounced"] == ["XD"]
        assert store.get_run(run).status == "interrupted"
        outcomes = sorted(s.outcome for s in store.seen_mail(run))
        assert outcomes == ["acknowledged", "already_recorded", "bounced"]
        assert [r.state for r in store.outbox(run)].count("sent") == 8
    finally:
        store.close()


async def test_the_board_refuses_a_run_live_watch_holds(
        mail_server: MailServer, tag: str, workspace: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db_url = f"sqlite:///{tmp_path / 'results.db'}"
    run = _start(mail_server, tag, workspace, db_url, monkeypatch)
    watcher = live_popen("watch", str(run), "--interval", "0.5", "--scenario-dir",
                         str(workspace.parent), env=mail_server.env(tag), db=db_url)
    try:
        with Store(db_url) as store:
            end = time.monotonic() + 60
            while store.get_run(run).status != "running" and time.monotonic() < end:
                time.sleep(0.2)
            assert store.get_run(run).pid == watcher.pid
        app = _app(workspace, db_url, run)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)  # refused: back home, saying why
            said = [n.message for n in app._notifications]
            assert any(f"live run {run} is open in another pocdrill (process {watcher.pid})"
                       in m for m in said)
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)


async def test_a_wrong_password_is_one_line_on_the_board_and_tried_again(
        mail_server: MailServer, tag: str, workspace: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db_url = f"sqlite:///{tmp_path / 'results.db'}"
    run = _start(mail_server, tag, workspace, db_url, monkeypatch)
    monkeypatch.setenv("POCDRILL_IMAP_PASSWORD", "not-the-password")
    app = _app(workspace, db_url, run)
    async with app.run_test(size=(160, 40)) as pilot:
        await _until(pilot, "the board", lambda: isinstance(app.screen, LiveRunScreen)
                     and app.screen.mail is not None)
        screen = app.screen
        assert isinstance(screen, LiveRunScreen)
        mail = screen.query_one(MailWatch)
        await _until(pilot, "two failed passes", lambda: mail.state.passes >= 2)
        line = str(mail.render())
        assert "error: IMAP 127.0.0.1:" in line and "login refused" in line
        assert "trying again in 3s" in line and "not-the-password" not in line
        await pilot.press("a")  # the facilitator's keys still record
        await _until(pilot, "XA acknowledged by hand",
                     lambda: screen.session.participants["XA"].ack_at is not None)  # type: ignore
        await pilot.press("escape")
        await _until(pilot, "the board left", lambda: isinstance(app.screen, HomeScreen))
