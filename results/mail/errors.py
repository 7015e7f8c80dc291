"""How a mail server's failure reads: one line, never a password."""

from __future__ import annotations

import smtplib
import socket
import ssl

from results.mail.settings import Server


class MailError(RuntimeError):
    """A mail server cannot be used (one line saying why)."""


def server_error(server: Server, e: BaseException) -> MailError:
    """``e`` (raised while connecting or logging in to ``server``) as one line."""
    where = f"{server.protocol.upper()} {server.host}:{server.port}"
    if isinstance(e, socket.gaierror):
        why = "unknown host"
    elif isinstance(e, ConnectionRefusedError):
        why = "connection refused (wrong port, or no server listening)"
    elif isinstance(e, ssl.SSLCertVerificationError):
        why = f"certificate not trusted ({e.verify_message})"
    elif isinstance(e, ssl.SSLError):
        why = f"TLS failed ({e.reason or e}); check security and port"
    elif isinstance(e, smtplib.SMTPAuthenticationError):
        why = f"login refused for {server.user} (wrong user or password)"
    elif isinstance(e, TimeoutError | socket.timeout):
        why = "no answer (timed out)"
    elif isinstance(e, smtplib.SMTPNotSupportedError):
        why = f"the server does not offer it ({e}); check security"
    else:
        why = str(e).strip() or type(e).__name__
    return MailError(f"{where}: {why}")
