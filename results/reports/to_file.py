"""A report written to a file from a face that has no output option (the TUI): the same
document ``pocdrill report`` writes, as HTML, kept private when it holds personal data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from results.store import Store


def write_report(store: Store, path: Path, *, run: int | None = None,
                 study: int | None = None, sweep: int | None = None,
                 redact: bool = False) -> Path:
    """Write the HTML report of ``run`` (or ``study``, or ``sweep``) to ``path`` (its
    folder made if needed; written 0600 unless ``redact``); return ``path``."""
    from results.personal_files import write_personal
    from results.reports.render import render_html
    from results.reports.requested import requested_report

    asked = requested_report(store, run=run, study=study, sweep=sweep, redact=redact)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_personal(path, render_html(asked.report), personal=not redact)
    return path
