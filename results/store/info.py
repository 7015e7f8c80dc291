"""What the store gives back when read: a run, a note, a sweep, a study (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class RunInfo:
    """One stored run as read back (``scenario_text`` only from ``Store.get_run``)."""

    id: int
    scenario: str
    status: str
    mode: str
    kind: str
    seed: int
    replication: int
    started_at: datetime
    finished_at: datetime | None
    start: datetime | None
    deadline_hours: float | None
    horizon_hours: float | None
    level: str | None
    scenario_hash: str
    pocdrill_version: str
    pid: int | None
    host: str | None
    events_stored: bool
    sweep_id: int | None
    point_id: int | None
    interrupted_reason: str | None
    summary: dict[str, Any] | None
    study_id: int | None = None
    imported: bool = False
    scenario_text: str | None = None

    def to_dict(self, *, text: bool = False) -> dict[str, Any]:
        """A JSON-ready dict (instants as ISO 8601 strings); ``text`` keeps the scenario."""
        d = asdict(self)
        if not text:
            d.pop("scenario_text")
        for k in ("started_at", "finished_at", "start"):
            if d[k] is not None:
                d[k] = d[k].isoformat()
        return d


RUN_INFO_FIELDS = tuple(f.name for f in fields(RunInfo) if f.name != "scenario_text")
"""The run columns a listing reads (all but the scenario text)."""


@dataclass(frozen=True)
class NoteInfo:
    """A facilitator's note."""

    id: int
    run_id: int
    t: float | None
    created_at: datetime
    text: str
    participant: str | None


@dataclass(frozen=True)
class SweepInfo:
    """A stored sweep; ``point_rows`` (params, aggregates, done) only from get_sweep."""

    id: int
    name: str
    scenario: str | None
    scenario_hash: str
    status: str
    replications: int
    base_seed: int
    created_at: datetime
    finished_at: datetime | None
    points: int
    axes: dict[str, Any]
    point_rows: list[dict[str, Any]] = field(default_factory=list)
    scenario_text: str | None = None
    design: dict[str, Any] | None = None
    """A sampled sweep's design (:meth:`simulator.sweep.sampling.SampleDesign.to_json`)."""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("scenario_text")
        for k in ("created_at", "finished_at"):
            if d[k] is not None:
                d[k] = d[k].isoformat()
        return d


@dataclass(frozen=True)
class StudyInfo:
    """A stored study (``pocdrill run -r N``); ``scenario_text`` and ``frame`` only
    from ``Store.get_study``."""

    id: int
    scenario: str
    scenario_hash: str
    kind: str
    seed: int
    replications: int
    status: str
    started_at: datetime
    finished_at: datetime | None
    pocdrill_version: str
    events_stored: bool
    done: int
    """Replications stored."""
    aggregates: dict[str, Any] | None
    scenario_dir: str | None = None
    directory_hash: str | None = None
    pid: int | None = None
    """The process running it (while running), and its host."""
    host: str | None = None
    frame: dict[str, Any] | None = None
    scenario_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("scenario_text", "frame", "scenario_dir", "directory_hash"):
            d.pop(k)
        for k in ("started_at", "finished_at"):
            if d[k] is not None:
                d[k] = d[k].isoformat()
        return d


STUDY_INFO_FIELDS = tuple(f.name for f in fields(StudyInfo)
                          if f.name not in ("done", "scenario_text", "frame"))
"""The study columns a listing reads."""
