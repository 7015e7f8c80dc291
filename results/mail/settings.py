"""Mail settings: the SMTP server a live check is sent through and the IMAP mailbox where
answers arrive.

They come from the settings file (``$XDG_CONFIG_HOME/pocdrill/mail.toml``, by default
``~/.config/pocdrill/mail.toml``, or the file ``POCDRILL_MAIL_CONFIG`` names) and from
environment variables, which win: ``POCDRILL_MAIL_FROM``, ``POCDRILL_SMTP_HOST``,
``_PORT``, ``_SECURITY``, ``_USER``, ``_PASSWORD`` and the same for ``POCDRILL_IMAP_``
(plus ``POCDRILL_IMAP_MAILBOX``)::

    from = "secretariat@example.org"
    [smtp]
    host = "smtp.example.org"      # port 587, STARTTLS unless said otherwise
    user = "secretariat@example.org"
    [imap]
    host = "imap.example.org"      # port 993, implicit TLS unless said otherwise

A password comes only from the environment, the settings file (which must then be
readable by its owner alone, mode 0600; :func:`save_settings` creates it so) or the
system keyring (service ``pocdrill``, user ``smtp:USER@HOST`` / ``imap:USER@HOST``, when
the ``keyring`` package is installed). It is never shown: not in ``repr``, a log, the
store or an export. TLS is on by default (``ssl`` = implicit, ``starttls``); ``plain``
is accepted only for a loopback host and only when asked for.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SECURITIES = ("ssl", "starttls", "plain")
LOOPBACK = ("127.0.0.1", "::1", "localhost")
DEFAULT_PORTS = {"smtp": {"ssl": 465, "starttls": 587, "plain": 25},
                 "imap": {"ssl": 993, "starttls": 143, "plain": 143}}


class MailSettingsError(ValueError):
    """Mail settings that cannot be used (one line saying what to fix)."""


@dataclass(frozen=True)
class Server:
    """One server: where, how secured, as whom (the password is never shown)."""

    protocol: str
    host: str
    port: int
    security: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    def __str__(self) -> str:
        who = f"{self.user}@" if self.user else ""
        return f"{self.protocol}://{who}{self.host}:{self.port} ({self.security})"


@dataclass(frozen=True)
class MailSettings:
    """Where a live check's mail goes out and comes in."""

    sender: str
    smtp: Server
    imap: Server | None
    mailbox: str = "INBOX"


def settings_path(env: Mapping[str, str] | None = None) -> Path:
    """The settings file: ``POCDRILL_MAIL_CONFIG``, else ``$XDG_CONFIG_HOME/pocdrill/mail.toml``."""
    env = os.environ if env is None else env
    if env.get("POCDRILL_MAIL_CONFIG"):
        return Path(env["POCDRILL_MAIL_CONFIG"])
    base = Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "pocdrill" / "mail.toml"


def save_settings(path: Path, text: str) -> None:
    """Write a settings file readable by its owner alone (0600), refusing to overwrite."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise MailSettingsError(f"{path}: already exists; edit it instead") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def _read_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise MailSettingsError(f"{path}: cannot read mail settings ({e})") from None
    has_password = any(isinstance(data.get(s), dict) and "password" in data[s]
                       for s in ("smtp", "imap"))
    if has_password and stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise MailSettingsError(f"{path}: holds a password but others may read it; "
                                f"run chmod 600 {path}")
    return data


def _keyring_password(protocol: str, user: str | None, host: str) -> str | None:
    if not user:
        return None
    try:
        import keyring  # optional: the system keyring, when installed
    except ImportError:
        return None
    try:
        value = keyring.get_password("pocdrill", f"{protocol}:{user}@{host}")
    except Exception:  # noqa: BLE001 - a keyring without a backend is simply absent
        return None
    return str(value) if value else None


def _server(protocol: str, section: Mapping[str, Any], env: Mapping[str, str]) -> Server | None:
    pre = f"POCDRILL_{protocol.upper()}_"

    def get(key: str) -> Any:
        return env.get(pre + key.upper()) or section.get(key)

    host = get("host")
    if not host:
        return None
    port_text = get("port")
    security = str(get("security") or "").lower()
    if security and security not in SECURITIES:
        raise MailSettingsError(f"{protocol}.security: {security!r} is not one of "
                                + ", ".join(SECURITIES))
    try:
        port = int(port_text) if port_text else None
    except ValueError:
        raise MailSettingsError(f"{protocol}.port: {port_text!r} is not a port number") from None
    if not security:
        security = "ssl" if port in (465, 993) or port is None and protocol == "imap" \
            else "starttls"
    if security == "plain" and str(host) not in LOOPBACK:
        raise MailSettingsError(f"{protocol}: plain text is allowed only on loopback, not on "
                                f"{host}; use security = \"ssl\" or \"starttls\"")
    port = port or DEFAULT_PORTS[protocol][security]
    if not 0 < port < 65536:
        raise MailSettingsError(f"{protocol}.port: {port} is not a port number")
    user = get("user")
    password = get("password") or _keyring_password(protocol, user, str(host))
    return Server(protocol, str(host), port, security, str(user) if user else None,
                  str(password) if password else None)


def load_settings(env: Mapping[str, str] | None = None, path: Path | None = None) -> MailSettings:
    """The mail settings from the settings file and the environment (see the module)."""
    env = os.environ if env is None else env
    path = path or settings_path(env)
    data = _read_file(path)
    smtp = _server("smtp", data.get("smtp") or {}, env)
    if smtp is None:
        raise MailSettingsError(f"no SMTP server: set POCDRILL_SMTP_HOST or [smtp] host in {path}")
    sender = env.get("POCDRILL_MAIL_FROM") or data.get("from")
    if not sender or "@" not in str(sender):
        raise MailSettingsError(f"no sender address: set POCDRILL_MAIL_FROM or from in {path}")
    imap = _server("imap", data.get("imap") or {}, env)
    mailbox = env.get("POCDRILL_IMAP_MAILBOX") or (data.get("imap") or {}).get("mailbox")
    return MailSettings(str(sender), smtp, imap, str(mailbox or "INBOX"))


SETTINGS_TEMPLATE = '''\
# pocdrill mail settings: where a live check is sent from and where answers arrive.
# Environment variables win over this file (POCDRILL_MAIL_FROM, POCDRILL_SMTP_HOST, ...).
# A password may be written here only while this file stays readable by you alone (0600);
# better: POCDRILL_SMTP_PASSWORD / POCDRILL_IMAP_PASSWORD or the system keyring.

from = "secretariat@example.org"

[smtp]
host = "smtp.example.org"     # port 587 with STARTTLS unless said otherwise
# port = 465
# security = "ssl"            # ssl (implicit TLS), starttls, or plain (loopback only)
user = "secretariat@example.org"

[imap]
host = "imap.example.org"     # port 993 with implicit TLS unless said otherwise
user = "secretariat@example.org"
mailbox = "INBOX"
'''
"""What ``pocdrill live settings --init`` writes: every key, example values, no password."""


def init_settings(path: Path) -> Path:
    """Create the settings file at ``path`` from :data:`SETTINGS_TEMPLATE`, mode 0600;
    :class:`MailSettingsError` if it exists."""
    save_settings(path, SETTINGS_TEMPLATE)
    return path


def describe_settings(env: Mapping[str, str] | None = None) -> list[str]:
    """What the mail settings say, a line each, passwords only as ``set``/``not set``."""
    env = os.environ if env is None else env
    path = settings_path(env)
    lines = [f"settings file: {path}" + ("" if path.is_file() else " (none)")]
    s = load_settings(env, path)
    lines.append(f"sender: {s.sender}")
    for server in (s.smtp, s.imap):
        if server is None:
            lines.append("imap: none (answers cannot be collected)")
            continue
        secret = "password set" if server.password else "no password"
        lines.append(f"{server.protocol}: {server} - {secret}")
    if s.imap is not None:
        lines.append(f"mailbox: {s.mailbox}")
    return lines
