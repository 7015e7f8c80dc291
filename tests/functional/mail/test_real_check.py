"""A real check over real servers: sent through SMTP into Dovecot, answered from the test
accounts (a reply with the token, one from a deputy's address, one with the token
stripped), one address bouncing (a real DSN), one vacation auto-reply, a second reply
that completes the tasks, the watcher killed mid-way and started again."""

from __future__ import annotations

import imaplib
import json
import time
from pathlib import Path

import pytest

from results.store import Store
from tests.functional.mail.conftest import MailServer, live, live_popen
from tests.mail_support import DOMAIN, reply, vacation

pytestmark = pytest.mark.mail


def _wait(what: str, ok: object, seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if ok():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _first(store: Store, run: int, contact: str) -> str:
    return next(r.message_id for r in store.outbox(run) if r.contact == contact)


def test_a_real_check_end_to_end(mail_server: MailServer, tag: str, workspace: Path,
                                 tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'results.db'}"
    env = mail_server.env(tag)
    secretariat = env["POCDRILL_MAIL_FROM"]
    where = ("--scenario-dir", str(workspace.parent))
    started = live("start", str(workspace), "--send", "--yes", "--rate", "6000", env=env, db=db)
    assert started.returncode == 0, started.stderr
    assert "run 1: sent 7, refused 0" in started.stdout
    store = Store(db)
    try:
        def delivered(user: str, contact: str) -> object:
            return mail_server.find(f"{user}@{DOMAIN}", _first(store, 1, contact))

        # p.xa answers with the token; the watcher takes it and gone.xd's real bounce
        xa = delivered("p.xa", "XA/policy")
        assert "http" not in xa.get_payload()  # type: ignore[operator]
        mail_server.send(reply(xa, f"p.xa@{DOMAIN}", to=secretariat), f"p.xa@{DOMAIN}",
                         secretariat)
        watcher = live_popen("watch", "1", "--interval", "0.2", *where, env=env, db=db)
        try:
            _wait("the bounce and the first reply", lambda: len(store.seen_mail(1)) >= 2
                  and [r.state for r in store.outbox(1)].count("sent") == 8)
        finally:
            watcher.kill()  # kill -9, mid-way
            watcher.wait()
        assert {s.outcome for s in store.seen_mail(1)} == {"acknowledged", "bounced"}

        # more answers arrive while nobody watches
        dp = delivered("dp.xd", "XD/deputy_policy")  # the bounce sent the check to the deputy
        mail_server.send(reply(dp, f"dp.xd@{DOMAIN}", to=secretariat), f"dp.xd@{DOMAIN}",
                         secretariat)
        xc = delivered("t.xc", "XC/technical")
        mail_server.send(reply(xc, f"t.xc@{DOMAIN}", strip_token=True, to=secretariat),
                         f"t.xc@{DOMAIN}", secretariat)
        xb = delivered("p.xb", "XB/policy")
        mail_server.send(vacation(xb, f"p.xb@{DOMAIN}", to=secretariat), "", secretariat)
        mail_server.send(reply(xa, f"p.xa@{DOMAIN}", "All tasks completed: details below.",
                               to=secretariat), f"p.xa@{DOMAIN}", secretariat)
        again = live("watch", "1", "--passes", "1", "--interval", "0", *where, env=env, db=db)
        assert again.returncode == 0, again.stderr
        assert "warning" not in again.stderr

        events = store.load_result(1).events
        acks = {e.participant: e.detail for e in events if e.kind == "acknowledged"}
        assert sorted(acks) == ["XA", "XC", "XD"]  # one each: nothing twice
        assert len([e for e in events if e.kind == "acknowledged"]) == 3
        assert acks["XD"].startswith("XD/deputy_policy by e-mail, Message-ID <")
        assert acks["XC"].startswith("XC/technical by e-mail, Message-ID <")
        assert [e.participant for e in events if e.kind == "bounced"] == ["XD"]
        assert [e.participant for e in events if e.kind == "auto_reply"] == ["XB"]
        outcomes = [s.outcome for s in store.seen_mail(1)]
        assert sorted(outcomes) == sorted(["bounced", "acknowledged", "acknowledged",
                                           "acknowledged", "auto_reply", "completion"])
        assert all(s.message_id for s in store.seen_mail(1))
        assert {r.state for r in store.outbox(1)} == {"sent"}

        status = live("status", "1", "--json", *where, env=env, db=db)
        summary = json.loads(status.stdout)
        assert summary["acknowledged"] == 3 and summary["completions_to_confirm"] == ["XA"]
        assert summary["outbox"] == {"sent": 8} and summary["unknown"] == []
        done = live("record", "1", "completed", "XA", *where, env=env, db=db)
        assert "XA: completed recorded" in done.stdout, done.stderr
        finished = live("finish", "1", *where, env=env, db=db)
        assert "3 of 4 acknowledged" in finished.stdout, finished.stderr
    finally:
        store.close()
    raw = (tmp_path / "results.db").read_bytes()
    for text in (b"Received, thank you", b"I am away", b"All tasks completed",
                 b"p.xa@pocdrill.test", b"dp.xd@pocdrill.test", mail_server.password.encode()):
        assert text not in raw  # no body, no contact's address, no password in the store


def test_a_test_run_lands_in_one_mailbox(mail_server: MailServer, tag: str, workspace: Path,
                                         tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'results.db'}"
    to = f"tester+{tag}@{DOMAIN}"
    out = live("start", str(workspace), "--send", "--yes", "--test-to", to,
               env=mail_server.env(tag), db=db)
    assert out.returncode == 0, out.stderr
    c = imaplib.IMAP4(mail_server.host, mail_server.imap_port)
    c.login(f"tester@{DOMAIN}", mail_server.password)
    c.select(tag, readonly=True)
    _, data = c.uid("SEARCH", "SUBJECT", "[pocdrill:r1-")
    c.logout()
    assert len((data[0] or b"").split()) == 7


@pytest.mark.parametrize(("setting", "says"), [
    ({"POCDRILL_IMAP_PASSWORD": "wrong"}, "login refused for secretariat@pocdrill.test"),
    ({"POCDRILL_IMAP_MAILBOX": "No/Such"}, "no mailbox 'No/Such'"),
])
def test_a_bad_mailbox_setting_sends_nothing(mail_server: MailServer, tag: str,
                                             workspace: Path, tmp_path: Path,
                                             setting: dict[str, str], says: str) -> None:
    db = f"sqlite:///{tmp_path / 'results.db'}"
    out = live("start", str(workspace), "--send", "--yes", env=mail_server.env(tag, **setting),
               db=db)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "wrong" not in lines[0]
    with Store(db) as store:
        assert store.list_runs() == []


def test_idle_wakes_the_watcher_when_mail_arrives(mail_server: MailServer, tag: str) -> None:
    import threading
    from email.message import EmailMessage

    from results.mail.imap import ImapMailbox
    from results.mail.settings import Server

    me = f"secretariat+{tag}@{DOMAIN}"
    server = Server("imap", mail_server.host, mail_server.imap_port, "plain",
                    f"secretariat@{DOMAIN}", mail_server.password)
    m = EmailMessage()
    m["Subject"], m["From"], m["To"] = "ping", f"p.xa@{DOMAIN}", me
    m.set_content("ping")
    with ImapMailbox(server, tag) as box:
        assert box.uids() == []
        timer = threading.Timer(0.5, mail_server.send, (m, f"p.xa@{DOMAIN}", me))
        timer.start()
        began = time.monotonic()
        assert box.idle(20.0)
        assert time.monotonic() - began < 10
        timer.join()
        assert len(box.uids()) == 1
        began = time.monotonic()
        assert box.idle(0.3) and time.monotonic() - began < 5  # nothing new: the timeout
