"""A real mail server on loopback for the e-mail tests (used by ``.ci/run``).

``start DIR`` writes a Dovecot configuration of its own into DIR (nothing of the
system's is touched), creates the test mailboxes of ``tests/mail_support.py`` (each with
the password ``POCDRILL_TEST_MAIL_PASSWORD`` or ``mailbox-pass-9``), starts Dovecot (IMAP and
LMTP on free loopback ports) and an SMTP front (aiosmtpd) that delivers each message over
LMTP; a recipient LMTP refuses gets a real RFC 3464 delivery status notification back in
the sender's mailbox, as from any MTA. ``user+tag@`` is delivered into the folder ``tag``
of ``user`` (created on delivery), so each test reads its own folder. It prints the
``export`` lines the tests read. ``stop DIR`` stops both by their pid files.
"""

from __future__ import annotations

import os
import pwd
import smtplib
import socket
import subprocess
import sys
import time
from email.message import Message
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.parser import BytesHeaderParser
from email.utils import formatdate, make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONF = """\
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
listen = 127.0.0.1
protocols = imap lmtp
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
default_internal_group = dovecot
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{d}/mail/%u
postmaster_address = postmaster@{domain}
recipient_delimiter = +
lmtp_save_to_detail_mailbox = yes
lda_mailbox_autocreate = yes
lda_mailbox_autosubscribe = yes
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/etc/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {d}/etc/users
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, seconds: float = 20.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def start(d: Path) -> None:
    from tests.mail_support import DOMAIN, USERS

    password = os.environ.get("POCDRILL_TEST_MAIL_PASSWORD", "mailbox-pass-9")
    nobody = pwd.getpwnam("nobody")
    imap, lmtp, smtp = free_port(), free_port(), free_port()
    for sub in ("run", "state", "etc", "mail"):
        (d / sub).mkdir(parents=True, exist_ok=True)
    d.chmod(0o755)
    (d / "etc").chmod(0o755)
    os.chown(d / "mail", nobody.pw_uid, nobody.pw_gid)
    users = "".join(f"{u}@{DOMAIN}:{{PLAIN}}{password}:{nobody.pw_uid}:{nobody.pw_gid}::"
                    f"{d}/mail/{u}@{DOMAIN}::\n" for u in USERS)
    (d / "etc" / "users").write_text(users, encoding="utf-8")
    (d / "etc" / "users").chmod(0o644)
    conf = d / "etc" / "dovecot.conf"
    conf.write_text(CONF.format(d=d, domain=DOMAIN, imap=imap, lmtp=lmtp), encoding="utf-8")
    with open(os.devnull, "r+b") as null:
        subprocess.run(["dovecot", "-c", str(conf)], stdin=null, stdout=null, stderr=null,
                       check=True)
        front = subprocess.Popen([sys.executable, __file__, "front", str(smtp), str(lmtp)],
                                 stdin=null, stdout=null, stderr=open(d / "front.log", "wb"),
                                 start_new_session=True)
    (d / "front.pid").write_text(str(front.pid))
    wait_port(imap)
    wait_port(lmtp)
    wait_port(smtp)
    for name, value in (("POCDRILL_TEST_MAIL_HOST", "127.0.0.1"),
                        ("POCDRILL_TEST_SMTP_PORT", smtp), ("POCDRILL_TEST_IMAP_PORT", imap),
                        ("POCDRILL_TEST_LMTP_PORT", lmtp),
                        ("POCDRILL_TEST_MAIL_PASSWORD", password)):
        print(f"export {name}={value}")


def stop(d: Path) -> None:
    for pidfile in (d / "run" / "master.pid", d / "front.pid"):
        try:
            os.kill(int(pidfile.read_text().split()[0]), 15)
        except (OSError, ValueError):
            pass


def dsn(original: bytes, sender: str, failed: str, why: str) -> Message:
    """A delivery status notification (RFC 3464) for ``failed``, back to ``sender``."""
    host = socket.gethostname()
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = f"MAILER-DAEMON@{sender.rpartition('@')[2]}"
    report["To"] = sender
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Date"] = formatdate()
    report["Message-ID"] = make_msgid(domain=host)
    report["Auto-Submitted"] = "auto-replied"
    report.attach(MIMEText(f"Your message could not be delivered to {failed}: {why}\n"))
    per_msg, per_rcpt, status = Message(), Message(), Message()
    per_msg["Reporting-MTA"] = f"dns; {host}"
    per_rcpt["Final-Recipient"] = f"rfc822; {failed}"
    per_rcpt["Action"] = "failed"
    per_rcpt["Status"] = "5.1.1"
    per_rcpt["Diagnostic-Code"] = f"smtp; {why}"
    status.set_type("message/delivery-status")
    status.set_payload([per_msg, per_rcpt])
    report.attach(status)
    report.attach(MIMEMessage(BytesHeaderParser().parsebytes(original)))
    return report


def front(smtp_port: int, lmtp_port: int) -> None:
    """An SMTP server on loopback that delivers over LMTP and returns DSNs."""
    from aiosmtpd.controller import Controller

    class Deliver:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            content: bytes = envelope.original_content or envelope.content  # type: ignore
            sender: str = envelope.mail_from  # type: ignore[attr-defined]
            for rcpt in envelope.rcpt_tos:  # type: ignore[attr-defined]
                try:
                    with smtplib.LMTP("127.0.0.1", lmtp_port) as lmtp:
                        lmtp.sendmail(sender, [rcpt], content)
                except smtplib.SMTPRecipientsRefused as e:
                    code, text = e.recipients[rcpt]
                    if sender:
                        with smtplib.LMTP("127.0.0.1", lmtp_port) as lmtp:
                            lmtp.sendmail("", [sender], dsn(
                                content, sender, rcpt, f"{code} {text.decode()}").as_bytes())
            return "250 OK"

    controller = Controller(Deliver(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "start":
        start(Path(sys.argv[2]).resolve())
    elif what == "stop":
        stop(Path(sys.argv[2]).resolve())
    elif what == "front":
        front(int(sys.argv[2]), int(sys.argv[3]))
    else:
        raise SystemExit("usage: mailserver.py start DIR | stop DIR | front SMTP LMTP")
