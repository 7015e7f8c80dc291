"""What a face asks of the stored runs and sweeps: a RUN argument read as a target
(``12``, ``run:12``, ``sweep:3``), list rows, one run with its notes, export and delete of a
target.

Errors are the library's own: :class:`~simulator.model.errors.InputError` for a bad
argument, :class:`~results.db.NotFound` / :class:`~results.db.StoreError` for the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from simulator.model.errors import InputError

if TYPE_CHECKING:
    from results.export import Format
    from results.store import NoteInfo, RunInfo, Store, SweepInfo

TargetKind = Literal["run", "sweep"]


class Target(NamedTuple):
    """A stored run or sweep named on the command line (a plain ``(kind, number)`` pair
    is accepted wherever a Target is)."""

    kind: TargetKind
    number: int


def parse_target(value: str, *, sweep: bool = False) -> Target:
    """``N`` / ``run:N`` is a run, ``sweep:N`` a sweep (with ``sweep``, a bare N is a sweep)."""
    text = value.strip()
    kind: TargetKind = "sweep" if sweep else "run"
    if text.lower().startswith("sweep:"):
        kind, text = "sweep", text[len("sweep:") :]
    elif text.lower().startswith("run:"):
        text = text[len("run:") :]
    try:
        number = int(text)
    except ValueError:
        raise InputError.single(
            "RUN", "", f"{value!r} is not a run id; give a number (e.g. 12) or sweep:N"
        ) from None
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


@dataclass(frozen=True)
class RunListing:
    """Stored runs, newest first, and (when there are none) how many sweeps the store has."""

    url: str
    runs: list[RunInfo]
    sweeps: int = 0


def list_runs(
    store: Store, *, limit: int | None = None, scenario: str | None = None,
    status: str | None = None,
) -> RunListing:
    """The runs matching the filters; sweeps are counted only when no run matches."""
    runs = store.list_runs(limit=limit, scenario=scenario, status=status)
    sweeps = 0 if runs else len(store.list_sweeps())
    return RunListing(store.display_url, runs, sweeps)


@dataclass(frozen=True)
class RunDetail:
    """One stored run with the facilitator's notes on it."""

    run: RunInfo
    notes: list[NoteInfo]

    def to_dict(self) -> dict[str, Any]:
        """What ``results show --json`` prints."""
        d = self.run.to_dict()
        d["notes"] = [{"t": n.t, "created_at": n.created_at.isoformat(), "text": n.text,
                       "participant": n.participant} for n in self.notes]
        return d


def show_target(store: Store, target: Target) -> RunDetail | SweepInfo:
    """A run with its notes, or a sweep with its points; NotFound if there is none."""
    kind, number = target
    if kind == "sweep":
        return store.get_sweep(number)
    return RunDetail(store.get_run(number), store.notes(number))


def check_export_format(fmt: str) -> Format:
    """``fmt`` if it is an export format; an InputError naming ``--format`` if not."""
    from results.export import FORMATS

    if fmt not in FORMATS:
        raise InputError.single("--format", "", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    return cast("Format", fmt)


def export_target(
    store: Store, target: Target, fmt: Format, output: Path, *, redact: bool = False
) -> Path | None:
    """Export a run or a sweep; where it went (the file, or the folder of several files).

    ``redact`` applies to runs (a sweep's rows hold no personal data). NotFound if there is
    no such target, OSError if the files cannot be written.
    """
    from results.export import export_run, export_sweep

    kind, number = target
    if kind == "sweep":
        files = export_sweep(store, number, fmt, output)
    else:
        files = export_run(store, number, fmt, output, redact=redact)
    if not files:
        return None
    return files[0].parent if len(files) > 1 else files[0]


def require_target(store: Store, target: Target) -> None:
    """NotFound unless the store has this run or sweep."""
    kind, number = target
    if kind == "sweep":
        store.get_sweep(number)
    else:
        store.get_run(number)


def delete_target(store: Store, target: Target) -> None:
    """Delete a run or a sweep and everything recorded for it (NotFound if gone)."""
    kind, number = target
    if kind == "sweep":
        store.delete_sweep(number)
    else:
        store.delete_run(number)

