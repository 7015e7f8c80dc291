"""Free text at its worst, for the fuzz of what the store keeps through every face: Rich
and Textual markup, HTML, control characters and ANSI escapes, bidirectional overrides,
emoji and combining characters, Markdown and matplotlib's mathtext, very long strings.

:func:`nasty_run` stores a live tabletop whose every free-text field (scenario name,
description and guide, stage titles and narratives, inject subjects and bodies,
expectation descriptions, participant names and groups, contact names, facilitator's notes)
holds such text, and returns its run id."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

FRAGMENTS = [
    "[bold]", "[/]", "[/bold]", "[red", "]", "[link=https://example.org]x[/link]",
    "[@click=app.quit]quit[/]", "[b]unclosed", "\\[escaped]",
    "<script>alert(1)</script>", "</script>", "<b>", "&amp;", "&", "&lt;", '"', "'",
    "\x00", "\x07", "\x08", "\x1b[31m", "\x1b[2J", "\x1b]8;;https://evil.example\x1b\\",
    "\x7f", "\x85", "\x9b31m", "\r", "\n", "\t", "\r\n", "\u2028",
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u061c",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467", "e\u0301", "Z\u0337\u0322\u0353\u0344",
    "\ufeff", "\ud7ff", "\U0010ffff",
    "$x^2$", "$", "\\", "|", "```", "```json pocdrill-figures\n{}\n```", "*", "_", "#", "-->",
    "{participant}", "{0}", "%s", "%(x)s", "--yes", "plain",
]
"""The pieces nasty text is made of."""

nasty = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).map("".join)
"""Nasty text, short."""


def long(text: str, size: int) -> str:
    """``text`` repeated to ``size`` characters."""
    return (text * (size // max(1, len(text)) + 1))[:size]


texts = st.fixed_dictionaries({
    "name": nasty, "description": nasty, "guide": nasty, "stage": nasty, "narrative": nasty,
    "subject": nasty, "body": nasty, "expectation": nasty, "participant": nasty,
    "group": nasty, "contact": nasty, "note": nasty, "detail": nasty,
    "long": st.booleans(),
})
"""One nasty text per free-text field, and whether notes and bodies are very long."""


def directory(t: dict[str, Any]) -> dict[str, Any]:
    return {"name": t["name"][:200], "organisation": "custom", "participants": [
        {"code": code, "name": f"{t['participant']} {code}"[:200], "group": t["group"][:200],
         "timezone": "UTC", "contacts": [
             {"role": "policy", "name": t["contact"][:200],
              "email": f"desk.{code.lower()}@mfa.example.org"}]}
        for code in ("XA", "XB")]}


def scenario(t: dict[str, Any]) -> dict[str, Any]:
    body = long(t["body"], 20_000) if t["long"] else t["body"]
    return {
        "kind": "tabletop", "name": t["name"][:200], "description": t["description"],
        "guide": t["guide"], "directory": {"file": "people.yaml"},
        "participants": ["XA", "XB"], "start": "2026-03-10T12:00:00Z", "end": "12h",
        "stages": [{"id": "S1", "title": t["stage"][:500], "narrative": t["narrative"]}],
        "injects": [
            {"id": "I1", "stage": "S1", "at": "0h", "recipients": ["XA", "XB"],
             "subject": t["subject"][:500], "body": body,
             "expect": [{"id": "E1", "who": "recipients", "action": "respond",
                         "within": "2h", "description": t["expectation"]}]},
            {"id": "I2", "stage": "S1", "at": "1h", "recipients": ["XA"],
             "subject": t["subject"][::-1][:500]},
        ],
    }


def nasty_run(folder: Path, db: str, t: dict[str, Any]) -> int:
    """A live tabletop on a two-participant directory, every free text from ``t``, with an
    acknowledgement, a fired inject, an answer and notes (one very long when ``t["long"]``);
    its run id."""
    from results.live.session import LiveSession
    from results.store import Store
    from simulator.io.scenario_files import load_scenario

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "people.yaml").write_text(
        yaml.safe_dump(directory(t), allow_unicode=False), encoding="utf-8")
    path = folder / "nasty.yaml"
    path.write_text(yaml.safe_dump(scenario(t), allow_unicode=False), encoding="utf-8")
    loaded = load_scenario(path)
    note = long(t["note"], 10_000) if t["long"] else t["note"]
    with Store(db) as store:
        session = LiveSession.start_run(store, loaded, loaded.directory(),
                                        start=datetime(2026, 3, 10, 12, tzinfo=UTC))
        session.fire_inject("I1", 0.0)
        session.record("acknowledged", "XA", 0.5, t["detail"])
        session.record("bounced", "XB", 0.7, t["detail"])
        session.fire_inject("I2", 1.0)
        session.record("responded", "XA", 1.5, t["detail"])
        session.add_note(note, "XA", 2.0)
        session.add_note(t["note"], None, 2.5)
        session.finish(3.0)
        return session.run_id
