"""The TUI's live board watching a real check by e-mail (real Dovecot and SMTP servers):
a bounce sends the check to the deputy, a reply with the token acknowledges on the board
and in the store exactly once (the same reply again, or the facilitator's key, records
nothing more), the facilitator's keys keep recording, the watcher pauses and resumes,
the run is open in one process only (``pocdrill live watch`` is refused while the board
holds it, and the board while ``live watch`` does), and a board killed (``kill -9``) while
answers arrive leaves none lost and none recorded twice."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
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
from tests import ROOT
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

            await pilot.press("w")
            assert mail.state.paused and "paused" in str(mail.render())
            await pilot.press("w")
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
        said = f"live run {run} is open in another pocdrill (process {watcher.pid})"
        async with app.run_test(size=(160, 40)) as pilot:
            # refused: back home, saying why (the screen's loader is cancelled as it goes)
            await _until(pilot, "the refusal", lambda: any(
                said in n.message for n in app._notifications))
            await _until(pilot, "home", lambda: isinstance(app.screen, HomeScreen))
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


BOARD = """\
import asyncio, sys
from datetime import UTC, datetime
from pathlib import Path
from tui.app import create_app

async def main() -> None:
    app = create_app(sys.argv[1], cwd=Path(sys.argv[2]), resume=int(sys.argv[3]),
                     bundled=False, mail_interval=0.3, clock=lambda: datetime.now(UTC))
    async with app.run_test(size=(120, 40)):
        await asyncio.sleep(600)

asyncio.run(main())
"""


def test_a_board_killed_while_answers_arrive_loses_none_and_records_none_twice(
        mail_server: MailServer, tag: str, workspace: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db_url = f"sqlite:///{tmp_path / 'results.db'}"
    run = _start(mail_server, tag, workspace, db_url, monkeypatch)
    env = mail_server.env(tag)
    secretariat = env["POCDRILL_MAIL_FROM"]
    script = tmp_path / "board.py"
    script.write_text(BOARD, encoding="utf-8")
    board = subprocess.Popen(
        [sys.executable, str(script), db_url, str(workspace.parent.parent), str(run)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    store = Store(db_url)
    try:
        def holds() -> bool:
            r = store.get_run(run)
            return r.status == "running" and r.pid == board.pid and len(store.seen_mail(run)) >= 1

        _wait_for("the board holding the run, the bounce taken in", holds)
        for who, contact in (("p.xa", "XA/policy"), ("p.xb", "XB/policy"),
                             ("t.xc", "XC/technical")):
            mid = next(r.message_id for r in store.outbox(run) if r.contact == contact)
            got = mail_server.find(f"{who}@{DOMAIN}", mid)
            mail_server.send(reply(got, f"{who}@{DOMAIN}", to=secretariat), f"{who}@{DOMAIN}",
                             secretariat)
        _wait_for("a first answer taken in", lambda: len(store.seen_mail(run)) >= 2)
    finally:
        board.kill()  # kill -9, answers still arriving
        board.wait(timeout=30)
    try:
        again = live("watch", str(run), "--passes", "1", "--interval", "0",
                     "--scenario-dir", str(workspace.parent), env=env, db=db_url)
        assert again.returncode == 0, again.stderr
        events = store.load_result(run).events
        acks = sorted(e.participant or "" for e in events if e.kind == "acknowledged")
        assert acks == ["XA", "XB", "XC"]  # none lost, none twice
        assert [e.participant for e in events if e.kind == "bounced"] == ["XD"]
        uids = [s.uid for s in store.seen_mail(run)]
        assert len(uids) == len(set(uids)) == 4
        assert len([r for r in store.outbox(run) if r.cause]) == 1
    finally:
        store.close()


def _wait_for(what: str, ok: Callable[[], object], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if ok():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
