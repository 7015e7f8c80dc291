"""The same run everywhere: a check collected by e-mail, reopened on the TUI's live
board, shows what the mail recorded, and the facilitator's keys still record (a phone
call, an answer by fax)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from results.live.session import LiveSession
from results.mail.outbox import MailCheck, deliver, new_mail
from results.mail.plan import check_letters
from results.mail.watch import take_new
from results.store import Store
from simulator.io.scenario_files import load_scenario
from simulator.model.check import CheckScenario
from tests.functional.tui.support import NOW, Workspace, clock_at, settle
from tests.mail_support import SECRETARIAT, dsn, mail_directory, mail_workspace, reply, vacation
from tests.unit.results.mail.fakes import MemoryMailbox, MemoryTransport
from tui.screens.live_run import LiveRunScreen
from tui.widgets.mail_watch import MailWatch
from tui.widgets.status_board import StatusBoard


def _collected(root: Path, db_url: str) -> int:
    """A check started at NOW, sent, and answered by mail: XA replied, XB is away,
    XD's address bounced. The run left as a stopped watcher leaves it."""
    loaded = load_scenario(mail_workspace(root))
    assert isinstance(loaded.scenario, CheckScenario)
    directory = mail_directory()
    with Store(db_url) as store:
        session = LiveSession.start_run(store, loaded, directory, start=NOW)
        check = MailCheck(session.run_id, loaded.scenario, directory, NOW, SECRETARIAT)
        store.queue_mail(session.run_id, new_mail(check, check_letters(
            loaded.scenario, directory.participants, session.run_id)))
        t = MemoryTransport()
        deliver(store, check, t, sleep=lambda s: None)
        to = {addr: m for m, addr in t.sent}
        box = MemoryMailbox()
        box.deliver(reply(to["p.xa@pocdrill.test"], "p.xa@pocdrill.test"),
                    NOW + timedelta(hours=1))
        box.deliver(vacation(to["p.xb@pocdrill.test"], "p.xb@pocdrill.test"),
                    NOW + timedelta(minutes=5))
        box.deliver(dsn(to["gone.xd@pocdrill.test"], "gone.xd@pocdrill.test"),
                    NOW + timedelta(minutes=1))
        take_new(session, store, check, box)  # type: ignore[arg-type]
        session.pause("watcher stopped")
        return session.run_id


async def test_a_mail_check_reopened_on_the_live_board(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for k in [k for k in os.environ if k.startswith(("POCDRILL_SMTP_", "POCDRILL_IMAP_"))]:
        monkeypatch.delenv(k)
    monkeypatch.setenv("POCDRILL_MAIL_CONFIG", str(tmp_path / "no-mail.toml"))
    root = tmp_path / "ws"
    db_url = f"sqlite:///{tmp_path / 'results.db'}"
    run_id = _collected(root, db_url)
    ws = Workspace(root, root / "scenarios" / "mail-check.yaml",
                   root / "directories" / "mail.yaml", db_url)
    app = ws.app(clock=clock_at(2.0), resume=run_id)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LiveRunScreen) and screen.session is not None
        board = screen.query_one(StatusBoard)
        seen = {c: board.view(c).status for c in board.visible_codes()}  # type: ignore
        assert seen["XA"] == "acknowledged" and seen["XB"] == "pending"
        assert screen.session.participants["XD"].bounces == 1
        assert any(e.kind == "auto_reply" and e.participant == "XB" for e in screen.events)
        # no mail settings here: the board says why it does not watch, and records by hand
        line = str(screen.query_one(MailWatch).render())
        assert line.startswith("mail: not watching (no SMTP server: set POCDRILL_SMTP_HOST")
        await pilot.press("down", "a")  # XB answered by phone after all
        await settle(pilot)
        assert screen.session.participants["XB"].ack_at == 2.0
    with Store(db_url) as store:
        acks = [e for e in store.load_result(run_id).events if e.kind == "acknowledged"]
        assert [e.participant for e in acks] == ["XA", "XB"]
        assert "Message-ID <" in acks[0].detail
