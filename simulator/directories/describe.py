"""A directory at a glance: counts, the work week and roles as short text, the freshness of
its entries, and the summary ``pocdrill directory show --json`` prints.

Names, e-mail addresses and telephone numbers appear only when asked for (``personal``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from simulator.model.directory import WEEKDAYS, Contact, Directory, Participant

ROLE_MARKS = {"policy": "P", "technical": "T", "deputy_policy": "p", "deputy_technical": "t"}
"""One letter a standard role: policy, technical and their deputies (lower case)."""


def contact_count(directory: Directory) -> int:
    """How many contacts all participants name together."""
    return sum(len(p.contacts) for p in directory.participants)


def counts_text(directory: Directory) -> str:
    """``57 participants, 168 contacts`` (and ``, 2 stakeholders`` when it holds some)."""
    text = f"{len(directory.participants)} participants, {contact_count(directory)} contacts"
    n = len(directory.stakeholders)
    return text + (f", {n} stakeholder{'s' * (n != 1)}" if n else "")


def work_week_text(days: Sequence[str]) -> str:
    """``[mon..fri]`` -> ``mon-fri``; ``[mon, tue, wed, thu, sun]`` -> ``sun-thu``."""
    idx = sorted(WEEKDAYS.index(d) for d in days)
    if not idx:
        return "-"
    if len(idx) == 7:
        return "mon-sun"
    for start in idx:  # a run that may wrap past Sunday
        run = [(start + k) % 7 for k in range(len(idx))]
        if sorted(run) == idx:
            first, last = WEEKDAYS[run[0]], WEEKDAYS[run[-1]]
            return first if len(run) == 1 else f"{first}-{last}"
    return ",".join(WEEKDAYS[i] for i in idx)


def roles_text(contacts: Sequence[Contact]) -> str:
    """``P T* p t``: policy, technical (``*`` = 24/7 duty desk), deputies; others by name."""
    return " ".join(
        ROLE_MARKS.get(c.role, c.role) + ("*" if c.duty_24_7 else "") for c in contacts
    )


def oldest_verified(contacts: Sequence[Contact]) -> date | None:
    """The date of the least recently verified entry (None if none was ever verified)."""
    dates = [c.last_verified for c in contacts if c.last_verified is not None]
    return min(dates) if dates else None


def freshness_text(contacts: Sequence[Contact], as_of: date) -> str:
    """Age in years of the oldest entry (``never`` if one was never verified)."""
    if any(c.last_verified is None for c in contacts):
        return "never"
    oldest = oldest_verified(contacts)
    assert oldest is not None
    return f"{(as_of - oldest).days / 365.25:.1f}"


def _contact_json(c: Contact, personal: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"role": c.role}
    if personal:
        out |= {"name": c.name, "email": c.email, "phone": c.phone}
    out |= {
        "channels": c.channels, "languages": c.languages, "duty_24_7": c.duty_24_7,
        "mandate": c.mandate,
        "last_verified": c.last_verified.isoformat() if c.last_verified else None,
    }
    return out


def _participant_json(p: Participant, personal: bool) -> dict[str, Any]:
    oldest = oldest_verified(p.contacts)
    return {
        "code": p.code, "name": p.name, "group": p.group, "timezone": p.timezone,
        "work_week": p.work_week, "office_hours": p.office_hours,
        "holiday_country": p.holiday_country, "languages": p.languages,
        "capacity": p.capacity.value,
        "roles": [c.role for c in p.contacts],
        "oldest_verified": oldest.isoformat() if oldest else None,
        "never_verified": sum(c.last_verified is None for c in p.contacts),
        "contacts": [_contact_json(c, personal) for c in p.contacts],
    }


def directory_summary(directory: Directory, *, personal: bool, as_of: date) -> dict[str, Any]:
    """What ``show --json`` prints; names, e-mails and phones only if ``personal``."""
    parts = [_participant_json(p, personal) for p in directory.participants]
    return {
        "name": directory.name, "organisation": directory.organisation,
        "description": directory.description, "as_of": as_of.isoformat(),
        "participants_count": len(parts),
        "contacts_count": contact_count(directory),
        "participants": parts,
        **({"stakeholders": [{"kind": p.kind, **_participant_json(p, personal)}
                             for p in directory.stakeholders]} if directory.stakeholders else {}),
    }
