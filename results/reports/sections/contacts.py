"""The Contacts to fix section of a run's after-action report: each contact with a
problem (the wording of :func:`simulator.analysis.metrics.contact_problem`, or
``unanswered`` for a silent participant's unanswered contact), with the stored names,
e-mails and phones unless redacted."""

from __future__ import annotations

from results.reports.document import Block, Para, Section, Table
from results.reports.meta import ContactDetails
from simulator.analysis.metrics import contact_problem
from simulator.model.outcome import RunResult


def contacts(
    result: RunResult, details: dict[str, ContactDetails], redact: bool, live: bool = False
) -> Section:
    """One row per contact with a problem; ``live``: staleness is an estimate."""
    silent = {p.code for p in result.participants if p.ack_at is None}
    show = bool(details) and not redact
    rows, keys = [], []
    for c in result.contacts:
        problem = contact_problem(c, live=live)
        if problem is None and c.participant in silent and c.acknowledged_at is None:
            problem = "unanswered"
        if problem is None:
            continue
        row = [c.participant, c.key, c.role, problem]
        if show:
            d = details.get(c.key, ContactDetails())
            row += [d.name or "-", d.email or "-", d.phone or "-"]
        rows.append(row)
        keys.append(c.key)
    cols = ["Participant", "Contact", "Role", "Problem"]
    if show:
        cols += ["Name", "E-mail", "Phone"]
    blocks: list[Block] = []
    if rows:
        blocks.append(Table(cols, rows, keys))
    else:
        blocks.append(Para("No contact needs fixing."))
    if redact:
        blocks.append(Para("Redacted: contacts are shown by role key only."))
    elif not details:
        blocks.append(
            Para(
                "Contacts are shown by role key: the run was stored without names, "
                "e-mail addresses or telephone numbers."
            )
        )
    return Section("contacts", "Contacts to fix", blocks)
