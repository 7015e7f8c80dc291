"""What the screens say about one participant and its contacts, UI-free: how fresh an
entry is, whether an office is at work now, and the drill-down card (contacts, channels,
local time, whom to phone, history)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from rich.text import Text

from simulator.model.directory import Directory, Participant
from simulator.model.outcome import Event
from tui.widgets.event_log import event_line

WorkMap = dict[tuple[str, bool], bool | None]
"""(participant code, 24/7 desk) -> at work now (None: unknown)."""


def freshness(last_verified: date | None, today: date) -> tuple[str, str]:
    """(label, style) of an entry's age: green < 1 year, yellow 1-2 years, red older/never."""
    if last_verified is None:
        return "never", "bold red3"
    days = (today - last_verified).days
    style = "green3" if days < 365 else ("bold dark_orange" if days <= 730 else "bold red3")
    return last_verified.isoformat(), style


def at_work(participants: Iterable[Participant], now: datetime) -> WorkMap:
    """Whether each participant's office (or duty desk) is working at ``now``."""
    from simulator.calendar.work import calendar_for

    out: WorkMap = {}
    for p in participants:
        for duty in sorted({c.duty_24_7 for c in p.contacts}):
            try:
                cal = calendar_for(p, now - timedelta(hours=1), 26.0, duty_24_7=duty)
                out[(p.code, duty)] = bool(cal.is_working_at(now))
            except Exception:  # noqa: BLE001 - shown as unknown
                out[(p.code, duty)] = None
    return out


def at_work_map(directory: Directory, now: datetime) -> WorkMap:
    """:func:`at_work` for every participant of ``directory``."""
    return at_work(directory.participants, now)


def local_now(p: Participant, now: datetime) -> str:
    """``Tue 13:00``: the participant's office clock at ``now``."""
    return now.astimezone(ZoneInfo(p.timezone)).strftime("%a %H:%M")


def whom_to_phone(p: Participant, working: WorkMap) -> str:
    """The contact to phone now: one with a phone at work (a 24/7 desk first), else one
    with a phone (saying it is out of hours), else why there is none."""
    phones = [c for c in p.contacts if c.phone]
    if not phones:
        return "nobody: no contact of this participant has a phone number"
    at = [c for c in phones if working.get((p.code, c.duty_24_7))]
    best = sorted(at or phones, key=lambda c: not c.duty_24_7)[0]
    desk = " (24/7 desk)" if best.duty_24_7 else ""
    when = "at work now" if at else "out of office hours now"
    return f"{best.role}{desk}, {best.phone}: {when}"


def participant_card(p: Participant | None, code: str, *, status: str, local: str,
                     events: Iterable[Event], working: WorkMap, today: date,
                     redact: bool = False) -> Text:
    """The drill-down of participant ``code``: status and local time, each contact (role,
    channels, how fresh, at work), whom to phone, and its history. ``redact`` leaves out
    e-mails and phones (``pocdrill tui --redact``)."""
    out = Text()
    out.append(f"{code}  {p.name if p else ''}", style="bold")
    out.append(f"  ({p.group or '-'})\n" if p else "\n", style="dim")
    out.append((f"status {status}   " if status != "-" else "") + f"local time {local}")
    out.append(f" ({p.timezone})\n" if p else "\n", style="dim")
    if p is not None:
        out.append("\nContacts\n", style="bold")
        for c in p.contacts:
            label, style = freshness(c.last_verified, today)
            w = working.get((p.code, c.duty_24_7))
            out.append(f"  {c.role}{' (24/7)' * c.duty_24_7}: {', '.join(c.channels) or 'none'}")
            if not redact:
                out.append("  " + "  ".join(x for x in (c.email, c.phone) if x), style="dim")
            out.append("  verified ")
            out.append(label, style=style)
            out.append("  " + ("at work" if w else "?" if w is None else "not at work") + "\n")
        phone = whom_to_phone(p, working)
        if redact:
            phone = phone.split(",")[0] + " (phone hidden: --redact)"
        out.append("\nWhom to phone: ", style="bold")
        out.append(phone + "\n")
    out.append("\nHistory\n", style="bold")
    mine = [e for e in events if e.participant == code]
    for e in mine[-30:]:
        out.append("  ")
        out.append_text(event_line(e))
        out.append("\n")
    if not mine:
        out.append("  nothing recorded yet\n", style="dim")
    return out
