"""``pocdrill live`` without a mail server: the dry run, and every bad input as one error
line, exit status 2 and nothing sent or stored."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from results.store import Store
from tests.functional.mail.conftest import live
from tests.mail_support import CHECK, mail_workspace

SMTP = {"POCDRILL_MAIL_CONFIG": "/nonexistent/mail.toml",
        "POCDRILL_MAIL_FROM": "secretariat@pocdrill.test", "POCDRILL_SMTP_HOST": "127.0.0.1",
        "POCDRILL_SMTP_SECURITY": "plain"}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'results.db'}"


def _nothing_stored(db: str) -> None:
    with Store(db) as store:
        assert store.list_runs() == []


def test_the_dry_run_prints_the_plan_and_writes_eml_files(tmp_path: Path, db: str) -> None:
    scenario = mail_workspace(tmp_path / "ws")
    out = live("start", str(scenario), "--out", str(tmp_path / "eml"), env={}, db=db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("7 message(s) to 4 participant(s):")
    assert "XD/policy" in out.stdout and "gone.xd@pocdrill.test" in out.stdout
    assert "+1h: reminder 1" in out.stdout
    assert "nothing was sent" in out.stderr
    assert len(list((tmp_path / "eml").glob("*.eml"))) == 7
    _nothing_stored(db)


def _one_error(out: object, says: str) -> None:
    assert out.returncode == 2, out.stdout  # type: ignore[attr-defined]
    lines = out.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith("error:") and says in lines[0], lines


def test_send_without_confirmation_in_a_script_sends_nothing(tmp_path: Path, db: str) -> None:
    scenario = mail_workspace(tmp_path / "ws")
    out = live("start", str(scenario), "--send", env={**SMTP, "POCDRILL_SMTP_PORT": "25"},
               db=db, stdin="")
    _one_error(out, "--send needs a confirmation: add --yes")
    _nothing_stored(db)


@pytest.mark.parametrize(("env", "says"), [
    ({"POCDRILL_SMTP_PORT": "CLOSED"}, "connection refused"),
    ({"POCDRILL_SMTP_HOST": "no-such-host.invalid", "POCDRILL_SMTP_SECURITY": "ssl"},
     "unknown host"),
    ({"POCDRILL_SMTP_HOST": "smtp.example.org"}, "plain text is allowed only on loopback"),
    ({"POCDRILL_SMTP_HOST": ""}, "no SMTP server"),
])
def test_a_server_that_cannot_be_used_sends_nothing(tmp_path: Path, db: str,
                                                    env: dict[str, str], says: str) -> None:
    scenario = mail_workspace(tmp_path / "ws")
    env = {**SMTP, **env}
    if env.get("POCDRILL_SMTP_PORT") == "CLOSED":
        env["POCDRILL_SMTP_PORT"] = str(_closed_port())
    _one_error(live("start", str(scenario), "--send", "--yes", env=env, db=db), says)
    _nothing_stored(db)


def test_a_scenario_without_message_text(tmp_path: Path, db: str) -> None:
    scenario = mail_workspace(tmp_path / "ws", check=CHECK.split("message:")[0])
    _one_error(live("start", str(scenario), env={}, db=db), "has no message text")


def test_a_contact_without_an_address(tmp_path: Path, db: str) -> None:
    scenario = mail_workspace(tmp_path / "ws")
    d = scenario.parent.parent / "directories" / "mail.yaml"
    d.write_text(d.read_text().replace("email: t.xb@pocdrill.test", "email: null"))
    _one_error(live("start", str(scenario), "--send", "--yes", env=SMTP, db=db),
               "no e-mail address: XB/technical")
    _nothing_stored(db)


def test_a_tabletop_is_not_sent_by_mail(db: str) -> None:
    from tests import ROOT

    _one_error(live("start", str(ROOT / "scenarios" / "election-ddos.yaml"), env={}, db=db),
               "only a communication check")


def test_status_of_an_unknown_run(db: str) -> None:
    _one_error(live("status", "9", env={}, db=db), "no run 9")


@pytest.fixture
def stored_check(tmp_path: Path, db: str) -> Path:
    """Live check run 1 as a crash left it: three messages sent, one of unknown fate, the
    rest queued; an unmatched mail; the run interrupted. Its workspace folder."""
    from datetime import UTC, datetime

    from results.live.session import LiveSession
    from results.mail.outbox import MailCheck, new_mail
    from results.mail.plan import check_letters
    from simulator.io.scenario_files import load_scenario
    from tests.mail_support import SECRETARIAT, mail_directory

    scenario = mail_workspace(tmp_path / "ws")
    loaded = load_scenario(scenario)
    with Store(db) as store:
        session = LiveSession.start_run(store, loaded, mail_directory(),
                                        start=datetime.now(UTC))
        check = MailCheck(1, loaded.scenario, mail_directory(), session.start,  # type: ignore
                          SECRETARIAT)
        ids = store.queue_mail(1, new_mail(check, check_letters(
            loaded.scenario, mail_directory().participants, 1)))  # type: ignore[arg-type]
        for i in ids[:3]:
            store.mark_mail(i, "sent")
        store.mark_mail(ids[3], "sending")
        store.add_unmatched(1, message_id="<u1@elsewhere.test>", sender="Desk <d@x.test>",
                            subject="Re: our check", received_at=datetime.now(UTC))
        session.pause("test")
        store.settle_sending(1)
    return scenario.parent


def test_the_facilitators_verbs(stored_check: Path, db: str) -> None:
    where = ("--scenario-dir", str(stored_check))
    status = live("status", "1", *where, env={}, db=db)
    assert status.returncode == 0, status.stderr
    assert "0 of 4 acknowledged; outbox queued 3, sent 3, unknown 1" in status.stdout
    assert "unknown fate: outbox 4 (check to XB/technical)" in status.stdout
    assert "unmatched 1: Desk <d@x.test> | Re: our check" in status.stdout

    resent = live("resend", "1", "4", env={}, db=db)
    assert "outbox 4 queued again" in resent.stdout, resent.stderr
    _one_error(live("resend", "1", "4", env={}, db=db), "only an unknown or failed")

    assigned = live("assign", "1", "1", "XB", *where, env={}, db=db)
    assert "unmatched 1 assigned to XB" in assigned.stdout, assigned.stderr
    recorded = live("record", "1", "acknowledged", "xc", "--note", "by phone", *where,
                    env={}, db=db)
    assert "XC: acknowledged recorded" in recorded.stdout, recorded.stderr
    again = live("record", "1", "acknowledged", "XC", *where, env={}, db=db)
    assert "already recorded" in again.stdout
    _one_error(live("record", "1", "waved", "XC", *where, env={}, db=db), "not one of")
    _one_error(live("record", "1", "completed", "ZZ", *where, env={}, db=db),
               "no participant ZZ")

    with Store(db) as store:
        details = {e.participant: e.detail for e in store.load_result(1).events
                   if e.kind == "acknowledged"}
        assert details["XB"] == "assigned by the facilitator, Message-ID <u1@elsewhere.test>"
        assert details["XC"] == "by the facilitator by phone"
        assert [r.state for r in store.outbox(1)].count("queued") == 4
    finished = live("finish", "1", *where, env={}, db=db)
    assert "run 1 completed: 2 of 4 acknowledged" in finished.stdout, finished.stderr
    _one_error(live("record", "1", "completed", "XC", *where, env={}, db=db), "is completed")


def test_settings_init_creates_a_private_file_once_and_shows_it(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests import ROOT

    path = tmp_path / "cfg" / "mail.toml"
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("POCDRILL_SMTP_", "POCDRILL_IMAP_", "POCDRILL_MAIL_"))}
    env = {**clean, "PYTHONPATH": str(ROOT), "POCDRILL_MAIL_CONFIG": str(path)}

    def settings(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pocdrill", "live", "settings", *args],
                              capture_output=True, text=True, env=env, timeout=120)

    first = settings("--init")
    assert first.returncode == 0, first.stderr
    assert os.stat(path).st_mode & 0o777 == 0o600
    again = settings("--init")
    assert again.returncode == 2
    assert again.stderr.strip().endswith("already exists; edit it instead")
    assert len(again.stderr.strip().splitlines()) == 1
    shown = settings()
    assert shown.returncode == 0, shown.stderr
    assert "smtp://secretariat@example.org@smtp.example.org:587 (starttls) - no password" \
        in shown.stdout
