"""What a face asks of the stored runs, studies and sweeps: a RUN argument read as a
target (``12``, ``run:12``, ``study:4``, ``sweep:3``), list rows (one per run, study and
sweep), one run with its notes or a study with its figures, export and delete of a
target, and the rule for where a face may write a file (an existing folder).

Errors are the library's own: :class:`~simulator.model.errors.InputError` for a bad
argument, :class:`~results.db.NotFound` / :class:`~results.db.StoreError` for the store.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from simulator.model.errors import InputError

if TYPE_CHECKING:
    from results.export import Format
    from results.store import NoteInfo, RunInfo, Store, StudyInfo, SweepInfo

TargetKind = Literal["run", "sweep", "study"]

MAX_ID = 2**63 - 1
"""The largest id a store holds: ids are signed 64-bit integers (SQLite INTEGER,
PostgreSQL BIGINT)."""


class Target(NamedTuple):
    """A stored run or sweep named on the command line (a plain ``(kind, number)`` pair
    is accepted wherever a Target is)."""

    kind: TargetKind
    number: int


def parse_target(value: str, *, sweep: bool = False) -> Target:
    """``N`` / ``run:N`` is a run, ``study:N`` a study, ``sweep:N`` a sweep (with ``sweep``,
    a bare N is a sweep)."""
    text = value.strip()
    kind: TargetKind = "sweep" if sweep else "run"
    if text.lower().startswith("sweep:"):
        kind, text = "sweep", text[len("sweep:") :]
    elif text.lower().startswith("study:"):
        kind, text = "study", text[len("study:") :]
    elif text.lower().startswith("run:"):
        text = text[len("run:") :]
    try:
        number = int(text)
    except ValueError:
        raise InputError.single(
            "RUN", "", f"{value!r} is not a run id; give a number (e.g. 12), study:N or sweep:N"
        ) from None
    if not 1 <= number <= MAX_ID:
        raise InputError.single(
            "RUN", "", f"{value!r} is not a {kind} id; ids are whole numbers from 1 to {MAX_ID}")
    return Target(kind, number)


def ack_rate(run: RunInfo) -> float | None:
    """The run's share acknowledged within the deadline, if its summary has one."""
    ack = (run.summary or {}).get("ack_rate")
    return ack if isinstance(ack, int | float) else None


def run_row(run: RunInfo) -> dict[str, Any]:
    """One run as ``results list --json`` prints it: the summary reduced to its two rates."""
    d = run.to_dict()
    d.pop("summary", None)
    d["ack_rate"] = (run.summary or {}).get("ack_rate")
    d["completion_rate"] = (run.summary or {}).get("completion_rate")
    return d


def study_row(study: StudyInfo) -> dict[str, Any]:
    """One study as ``results list --json`` prints it (``what``: study)."""
    d = study.to_dict()
    agg = d.pop("aggregates", None) or {}
    d["ack_rate"] = agg.get("ack_rate")
    d["completion_rate"] = agg.get("completion_rate")
    return {"what": "study", **d}


def sweep_row(sweep: SweepInfo) -> dict[str, Any]:
    """One sweep as ``results list --json`` prints it (``what``: sweep)."""
    d = sweep.to_dict()
    d.pop("point_rows", None)
    return {"what": "sweep", **d}


@dataclass(frozen=True)
class RunListing:
    """Stored live and single runs, studies and sweeps, each newest first (the runs a
    study keeps whole are its own, not listed)."""

    url: str
    runs: list[RunInfo]
    studies: list[StudyInfo]
    sweeps: list[SweepInfo]

    def empty(self) -> bool:
        return not (self.runs or self.studies or self.sweeps)

    def rows(self) -> list[dict[str, Any]]:
        """One JSON row per run, study and sweep, newest first (``what`` says which)."""
        rows = ([(r.started_at, {"what": "run", **run_row(r)}) for r in self.runs]
                + [(s.started_at, study_row(s)) for s in self.studies]
                + [(w.created_at, sweep_row(w)) for w in self.sweeps])
        rows.sort(key=lambda x: x[0], reverse=True)
        return [r for _, r in rows]


def list_runs(
    store: Store, *, limit: int | None = None, scenario: str | None = None,
    status: str | None = None,
) -> RunListing:
    """The runs, studies and sweeps matching the filters (``limit`` of each)."""
    runs = store.list_runs(limit=limit, scenario=scenario, status=status)
    studies = store.list_studies(limit=limit, scenario=scenario, status=status)
    sweeps = [w for w in store.list_sweeps()
              if (scenario is None or w.scenario == scenario)
              and (status is None or w.status == status)][:limit]
    return RunListing(store.display_url, runs, studies, sweeps)


@dataclass(frozen=True)
class RunDetail:
    """One stored run with the facilitator's notes on it and its figures, as far as it was
    observed (:func:`results.reports.observed.load_observed`)."""

    run: RunInfo
    notes: list[NoteInfo]
    figures: dict[str, Any] | None = None
    observed: dict[str, Any] | None = None
    """The summary of what was observed (a run cut short: up to its last instant)."""

    def to_dict(self) -> dict[str, Any]:
        """What ``results show --json`` prints."""
        d = self.run.to_dict()
        d["figures"] = self.figures
        d["notes"] = [{"t": n.t, "created_at": n.created_at.isoformat(), "text": n.text,
                       "participant": n.participant} for n in self.notes]
        return d


@dataclass(frozen=True)
class StudyDetail:
    """One stored study with its figures (what it has so far, if interrupted)."""

    study: StudyInfo
    summary: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        """What ``results show study:N --json`` prints."""
        return {"what": "study", **self.study.to_dict(), "aggregates": None,
                "summary": self.summary}


def study_detail(store: Store, study_id: int) -> StudyDetail:
    """A study and its figures (None before its first replication); NotFound if none."""
    from results.runs.study import study_summary

    info = store.get_study(study_id)
    try:
        summary = study_summary(store, study_id)
    except InputError:
        summary = None
    return StudyDetail(info, summary)


def show_target(
    store: Store, target: Target, *, redact: bool = False
) -> RunDetail | StudyDetail | SweepInfo:
    """A run with its notes, a study with its figures, or a sweep with its points;
    NotFound if there is none. ``redact``: a run's notes and interrupted reason scrubbed
    of personal data (:mod:`results.redact`; a study or a sweep holds none)."""
    kind, number = target
    if kind == "sweep":
        return store.get_sweep(number)
    if kind == "study":
        return study_detail(store, number)
    from results.reports.observed import load_observed

    seen = load_observed(store, number)
    has = bool(seen.result.participants)  # none yet: nothing to figure
    info = store.get_run(number)
    if redact:
        from results.redact import run_redactor

        info = replace(info, interrupted_reason=run_redactor(store, number).text(
            info.interrupted_reason))
    return RunDetail(info, run_notes(store, number, redact=redact),
                     seen.figures if has else None, seen.summary if has else None)


def run_notes(store: Store, run_id: int, *, redact: bool = False) -> list[NoteInfo]:
    """A run's notes in the order they were made; ``redact``: each scrubbed of personal data
    or withheld whole (:mod:`results.redact`), as every face shows them with ``--redact``."""
    notes = store.notes(run_id)
    if not redact or not notes:
        return notes
    from results.redact import run_redactor

    red = run_redactor(store, run_id)
    return [replace(n, text=red.note(n.text) or "") for n in notes]


def check_export_format(fmt: str) -> Format:
    """``fmt`` if it is an export format; an InputError naming ``--format`` if not."""
    from results.export import FORMATS

    if fmt not in FORMATS:
        raise InputError.single("--format", "", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    return cast("Format", fmt)


def check_output_folder(output: str | Path) -> None:
    """An :class:`InputError` unless ``output``'s folder exists (``-`` is stdout): an
    export or a report is never begun where it cannot end, and no folder is made for it."""
    if str(output) == "-":
        return
    folder = Path(output).parent
    if not folder.is_dir():
        raise InputError.single(
            str(output), "", f"no such folder {str(folder)!r}; create it first, or write "
            "somewhere else (nothing was written)")


def export_target(
    store: Store, target: Target, fmt: Format, output: Path, *, redact: bool = False
) -> Path | None:
    """Export a run, a study or a sweep; where it went (the file, or the folder of several
    files).

    ``redact`` applies to runs (a sweep's or a study's rows hold no personal data).
    NotFound if there is no such target, InputError if ``output``'s folder does not exist,
    OSError if the files cannot be written.
    """
    from results.export import export_run, export_study, export_sweep

    check_output_folder(output)
    kind, number = target
    if kind == "sweep":
        files = export_sweep(store, number, fmt, output)
    elif kind == "study":
        files = export_study(store, number, fmt, output)
    else:
        files = export_run(store, number, fmt, output, redact=redact)
    if not files:
        return None
    return files[0].parent if len(files) > 1 else files[0]


def require_target(store: Store, target: Target) -> None:
    """NotFound unless the store has this run, study or sweep."""
    kind, number = target
    if kind == "sweep":
        store.get_sweep(number)
    elif kind == "study":
        store.get_study(number)
    else:
        store.get_run(number)


def delete_target(store: Store, target: Target) -> None:
    """Delete a run, a study or a sweep and everything recorded for it (NotFound if gone)."""
    kind, number = target
    if kind == "sweep":
        store.delete_sweep(number)
    elif kind == "study":
        store.delete_study(number)
    else:
        store.delete_run(number)

