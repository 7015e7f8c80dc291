"""A tabletop's injects as a master scenario events list (MSEL), the spreadsheet exercise
planners keep, and back.

Columns (HSEEP/CISA practice, with the stage a planner's "phase" column holds):

``number``        the inject's id (``I4``; a bare number ``4`` is read as ``I4``); an
                  inject with several expectations takes one
                  row per expectation, each with the same number and the inject's own
                  columns left empty after the first
``stage``         the stage id (``S2``)
``time``          when it fires: the UTC time (``2026-11-17 09:30 UTC``) of a timed
                  inject, ``when E4 done +15m`` for a triggered one (``met``, ``missed``,
                  ``late`` or ``done``, then an optional delay), ``manual`` for one the
                  facilitator fires; ``+3h`` (an offset from the start) is read as well
``from``          the sender: ``secretariat``, a participant code or an actor id
``to``            recipients (``EE, FI``, ``all``, ``group:WEOG``, ``role:technical``), then
                  the roles that get it in brackets when not policy and technical
                  (``EE [technical]``)
``method``        the channel: email, phone, portal, call or public
``subject``, ``message``
``expected action``  ``E4: request_consultation -> FI`` (``E7 (FI): respond -> EE`` when
                  it falls on named states rather than every recipient)
``expectation``   what counts as done (the expectation's description)
``deadline``      the time allowed after the inject fires (``6h``)
``notes``         for control only; not read back

:func:`msel_rows` writes them; :mod:`simulator.io.msel_import` reads them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from simulator.model.check import DEFAULT_RECIPIENTS
from simulator.model.injects import ConditionTrigger, Expectation, Inject
from simulator.model.tabletop import TabletopScenario
from simulator.text import short_duration

MSEL_COLUMNS = ("number", "stage", "time", "from", "to", "method", "subject", "message",
                "expected action", "expectation", "deadline", "notes")
"""The columns of an MSEL, in order."""

INJECT_COLUMNS = ("stage", "time", "from", "to", "method", "subject", "message")
"""Columns that belong to the inject (filled on its first row only)."""

_WHEN = re.compile(r"^when\s+(\S+)\s+(met|missed|late|done)(?:\s*\+\s*(\S+))?$", re.I)
_ACTION = re.compile(r"^(?P<id>[^\s:(]+)\s*(?:\((?P<who>[^)]*)\))?\s*:\s*(?P<action>[a-z_]+)"
                     r"(?:\s*->\s*(?P<to>\S+))?$")
_TO = re.compile(r"^(?P<who>[^\[]*?)\s*(?:\[(?P<roles>[^\]]*)\])?$")


def time_text(inj: Inject, start: datetime) -> str:
    """The ``time`` cell of ``inj`` (see the module docstring)."""
    if inj.at is not None:
        moment = (start + timedelta(hours=inj.at)).astimezone(UTC)
        return moment.strftime("%Y-%m-%d %H:%M:%S UTC" if moment.second
                               else "%Y-%m-%d %H:%M UTC")
    if isinstance(inj.trigger, ConditionTrigger):
        delay = f" +{short_duration(inj.delay)}" if inj.delay else ""
        return f"when {inj.trigger.expectation} {inj.trigger.on}{delay}"
    return "manual"


def to_text(inj: Inject) -> str:
    """The ``to`` cell: recipients, then roles in brackets when not the default."""
    roles = "" if list(inj.roles) == list(DEFAULT_RECIPIENTS) else f" [{', '.join(inj.roles)}]"
    return ", ".join(inj.recipients) + roles


def action_text(e: Expectation) -> str:
    """The ``expected action`` cell: ``E4: request_consultation -> FI``."""
    who = f" ({', '.join(e.who)})" if isinstance(e.who, list) else ""
    to = f" -> {e.to}" if e.to else ""
    return f"{e.id}{who}: {e.action}{to}"


def msel_rows(sc: TabletopScenario) -> list[list[str]]:
    """The MSEL of ``sc``: one row per expectation (one for an inject without any), in
    the scenario's order."""
    rows: list[list[str]] = []
    for inj in sc.injects:
        first = [inj.id, inj.stage, time_text(inj, sc.start), inj.sender, to_text(inj),
                 inj.channel, inj.subject, inj.body.strip()]
        if not inj.expect:
            rows.append([*first, "", "", "", ""])
        for k, e in enumerate(inj.expect):
            head = first if k == 0 else [inj.id] + [""] * len(INJECT_COLUMNS)
            rows.append([*head, action_text(e), e.description, short_duration(e.within), ""])
    return rows


def parse_time(text: str, start: datetime | None) -> dict[str, Any]:
    """The inject fields a ``time`` cell gives (``at``, or ``trigger`` and ``delay``);
    a ValueError with the fix."""
    t = text.strip()
    if t.lower() == "manual":
        return {"trigger": {"manual": True}}
    m = _WHEN.match(t)
    if m:
        out: dict[str, Any] = {"trigger": {"on": m.group(2).lower(), "expectation": m.group(1)}}
        if m.group(3):
            out["delay"] = m.group(3)
        return out
    offset = t.removeprefix("T").strip()
    if offset.startswith("+"):
        return {"at": offset[1:].strip()}
    moment = _instant(t)
    if moment is None:
        raise ValueError(f"{t!r} is not a time; write 2026-11-17 09:30 UTC, +3h, "
                         "'when E4 done +15m' or manual")
    if start is None:
        raise ValueError(f"{t!r} is a clock time but the exercise has no start; give --start "
                         "(or --base) or write offsets such as +3h")
    hours = (moment - start).total_seconds() / 3600
    if hours < 0:
        raise ValueError(f"{t!r} is before the exercise starts ({start:%Y-%m-%d %H:%M} UTC)")
    return {"at": short_duration(hours)}


def _instant(t: str) -> datetime | None:
    text = re.sub(r"\s*(UTC|GMT)$", "+00:00", t.strip(), flags=re.I)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_to(text: str) -> dict[str, Any]:
    """``EE, FI [technical]`` -> recipients and roles."""
    m = _TO.match(text.strip())
    assert m is not None  # the pattern matches any text
    out: dict[str, Any] = {"recipients": [x for x in re.split(r"[,;\s]+", m.group("who")) if x]}
    if m.group("roles") is not None:
        out["roles"] = [x for x in re.split(r"[,;\s]+", m.group("roles")) if x]
    return out


def parse_action(text: str) -> dict[str, Any]:
    """``E7 (FI): respond -> EE`` -> the expectation's id, who, action and counterpart."""
    m = _ACTION.match(text.strip())
    if m is None:
        raise ValueError(f"{text.strip()!r} is not an expected action; write it as "
                         "'E4: request_consultation -> FI' (id, action, optional counterpart)")
    out: dict[str, Any] = {"id": m.group("id"), "action": m.group("action")}
    if m.group("who"):
        out["who"] = [x for x in re.split(r"[,;\s]+", m.group("who")) if x]
    if m.group("to"):
        out["to"] = m.group("to")
    return out
