"""Mail settings: the file and the environment, passwords kept private, TLS by default,
plain text only on loopback and only when asked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from results.mail.settings import (
    MailSettingsError,
    describe_settings,
    init_settings,
    load_settings,
    save_settings,
    settings_path,
)

FILE = """\
from = "secretariat@example.org"
[smtp]
host = "smtp.example.org"
user = "secretariat@example.org"
password = "s3cret"
[imap]
host = "imap.example.org"
user = "secretariat@example.org"
mailbox = "Checks"
"""


def test_the_file_is_created_private_and_read(tmp_path: Path) -> None:
    path = tmp_path / "pocdrill" / "mail.toml"
    save_settings(path, FILE)
    assert os.stat(path).st_mode & 0o777 == 0o600
    s = load_settings({}, path)
    assert (s.sender, s.mailbox) == ("secretariat@example.org", "Checks")
    assert (s.smtp.port, s.smtp.security, s.smtp.password) == (587, "starttls", "s3cret")
    assert s.imap is not None and (s.imap.port, s.imap.security) == (993, "ssl")
    assert "s3cret" not in repr(s) and "s3cret" not in str(s.smtp)
    with pytest.raises(MailSettingsError, match="already exists"):
        save_settings(path, FILE)


def test_a_password_in_a_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mail.toml"
    path.write_text(FILE, encoding="utf-8")
    path.chmod(0o644)
    with pytest.raises(MailSettingsError, match="chmod 600"):
        load_settings({}, path)


def test_the_environment_wins(tmp_path: Path) -> None:
    path = tmp_path / "mail.toml"
    save_settings(path, FILE)
    s = load_settings({"POCDRILL_SMTP_HOST": "relay.example.org", "POCDRILL_SMTP_PORT": "465",
                       "POCDRILL_SMTP_PASSWORD": "from-env",
                       "POCDRILL_MAIL_FROM": "ops@example.org"}, path)
    assert (s.smtp.host, s.smtp.port, s.smtp.security) == ("relay.example.org", 465, "ssl")
    assert s.smtp.password == "from-env" and s.sender == "ops@example.org"


def test_the_default_file_is_in_the_config_folder() -> None:
    assert settings_path({"XDG_CONFIG_HOME": "/cfg"}) == Path("/cfg/pocdrill/mail.toml")
    assert settings_path({"POCDRILL_MAIL_CONFIG": "/x.toml"}) == Path("/x.toml")


@pytest.mark.parametrize(("env", "says"), [
    ({"POCDRILL_SMTP_HOST": "smtp.example.org", "POCDRILL_SMTP_SECURITY": "plain",
      "POCDRILL_MAIL_FROM": "a@example.org"}, "plain text is allowed only on loopback"),
    ({"POCDRILL_SMTP_HOST": "smtp.example.org", "POCDRILL_SMTP_SECURITY": "tls",
      "POCDRILL_MAIL_FROM": "a@example.org"}, "not one of ssl, starttls, plain"),
    ({"POCDRILL_SMTP_HOST": "smtp.example.org", "POCDRILL_SMTP_PORT": "x25",
      "POCDRILL_MAIL_FROM": "a@example.org"}, "not a port number"),
    ({"POCDRILL_MAIL_FROM": "a@example.org"}, "no SMTP server"),
    ({"POCDRILL_SMTP_HOST": "smtp.example.org"}, "no sender address"),
])
def test_bad_settings_are_one_line(tmp_path: Path, env: dict[str, str], says: str) -> None:
    with pytest.raises(MailSettingsError, match=says) as e:
        load_settings(env, tmp_path / "none.toml")
    assert "\n" not in str(e.value)


def test_plain_text_on_loopback_when_asked() -> None:
    s = load_settings({"POCDRILL_SMTP_HOST": "127.0.0.1", "POCDRILL_SMTP_PORT": "2525",
                       "POCDRILL_SMTP_SECURITY": "plain", "POCDRILL_MAIL_FROM": "a@b.test"},
                      Path("/nonexistent/mail.toml"))
    assert (s.smtp.security, s.smtp.port, s.imap) == ("plain", 2525, None)
    loop = load_settings({"POCDRILL_SMTP_HOST": "127.0.0.1", "POCDRILL_MAIL_FROM": "a@b.test"},
                         Path("/nonexistent/mail.toml"))
    assert loop.smtp.security == "starttls"  # loopback alone does not mean plain text


def test_a_password_from_the_system_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    asked: list[tuple[str, str]] = []
    fake = types.ModuleType("keyring")

    def get_password(service: str, user: str) -> str | None:
        asked.append((service, user))
        return "from-keyring" if user == "smtp:ops@example.org@smtp.example.org" else None

    fake.get_password = get_password  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    s = load_settings({"POCDRILL_SMTP_HOST": "smtp.example.org", "POCDRILL_SMTP_USER":
                       "ops@example.org", "POCDRILL_MAIL_FROM": "ops@example.org"},
                      Path("/nonexistent/mail.toml"))
    assert s.smtp.password == "from-keyring"
    assert asked == [("pocdrill", "smtp:ops@example.org@smtp.example.org")]


def test_init_writes_a_private_template_that_loads(tmp_path: Path) -> None:
    path = init_settings(tmp_path / "cfg" / "mail.toml")
    assert os.stat(path).st_mode & 0o777 == 0o600
    s = load_settings({}, path)
    assert (s.sender, s.smtp.host, s.smtp.security) == (
        "secretariat@example.org", "smtp.example.org", "starttls")
    assert s.imap is not None and s.imap.security == "ssl" and s.mailbox == "INBOX"
    assert s.smtp.password is None  # the template holds no password
    with pytest.raises(MailSettingsError, match="already exists"):
        init_settings(path)


def test_describe_says_whether_a_password_is_set_never_which(tmp_path: Path) -> None:
    path = tmp_path / "mail.toml"
    save_settings(path, FILE)
    env = {"POCDRILL_MAIL_CONFIG": str(path), "POCDRILL_IMAP_PASSWORD": "imap-s3cret"}
    lines = describe_settings(env)
    text = "\n".join(lines)
    assert lines[0] == f"settings file: {path}"
    assert "smtp://secretariat@example.org@smtp.example.org:587 (starttls) - password set" in text
    assert "imap://secretariat@example.org@imap.example.org:993 (ssl) - password set" in text
    assert "mailbox: Checks" in text
    assert "s3cret" not in text
    missing = describe_settings({"POCDRILL_MAIL_CONFIG": str(tmp_path / "none.toml"),
                                 "POCDRILL_MAIL_FROM": "a@example.org",
                                 "POCDRILL_SMTP_HOST": "smtp.example.org"})
    assert missing[0].endswith("(none)")
    assert "imap: none (answers cannot be collected)" in missing
    assert any(line.endswith("- no password") for line in missing)
