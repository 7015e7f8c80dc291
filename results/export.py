"""Export a stored run, study or sweep as CSV, Parquet or JSON.

A run is exported as its tables: ``run`` (one row: what was run, when, status, summary),
``participants``, ``contacts``, ``expectations``, ``events`` and ``notes``.

* ``csv``: ``PATH`` is a directory that receives ``run.csv``, ``participants.csv``,
  ``contacts.csv``, ``expectations.csv``, ``events.csv`` and ``notes.csv``; a ``PATH``
  ending in ``.zip`` receives the same files in one zip archive.
* ``parquet``: ``PATH`` is a directory that receives one ``.parquet`` file per table.
* ``json``: ``PATH`` is one JSON file (``-`` for standard output) holding one object
  with a key per table (``run`` an object, the others lists of objects).

Personal data: the store keeps contacts by key (``DE/policy``); names, e-mails and phones
exist only if a caller stored them on purpose. They are exported only if they are stored
and ``redact`` is off. With ``redact=True`` they are replaced by placeholders
(``[name]``, ``[email]``, ``[phone]``), every stored name, e-mail and phone is also
replaced wherever it appears in free text (event details, notes), any e-mail address or
international telephone number in free text is masked, and the scenario text (which may
embed a directory) is left out. Files written without ``redact`` are readable by their
owner alone (0600, :mod:`results.personal_files`).

A sweep (:func:`export_sweep`) is one table with one row per replication summary: the
point, replication, seed, the point's parameters (``param.<axis>``) and the scalar
metrics (nested metrics as JSON text). ``csv`` and ``parquet`` write one file; ``json``
writes one object with the sweep, its points and the rows. A study
(:func:`export_study`) is the same with one row per replication; its ``json`` adds the
study and its figures.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict

from results.personal_files import open_personal, write_personal
from results.redact import run_redactor
from results.store import Store, SweepInfo, jsonable
from simulator.model.outcome import ContactOutcome, ParticipantOutcome

Format = Literal["csv", "parquet", "json"]
FORMATS = ("csv", "parquet", "json")

Row = dict[str, Any]
"""One exported row: column -> value."""


class RunTables(TypedDict):
    """A run's exported tables: ``run`` one row, the others lists of rows; ``_personal``:
    contacts carry stored names, e-mails and phones (their columns are exported)."""

    run: Row
    participants: list[Row]
    contacts: list[Row]
    expectations: list[Row]
    events: list[Row]
    notes: list[Row]
    _personal: NotRequired[bool]


_PLACEHOLDER = {"person_name": "[name]", "email": "[email]", "phone": "[phone]"}


class Columns:
    """Column names and Arrow types of each exported run table (kept for empty tables)."""

    RUN = {
        "id": "int", "scenario": "str", "status": "str", "mode": "str", "kind": "str",
        "seed": "int", "replication": "int", "started_at": "str", "finished_at": "str",
        "start": "str", "deadline_hours": "float", "horizon_hours": "float", "level": "str",
        "scenario_hash": "str", "pocdrill_version": "str", "pid": "int", "host": "str",
        "events_stored": "bool", "sweep_id": "int", "point_id": "int",
        "interrupted_reason": "str", "summary": "str",
    }
    EVENTS = {"run_id": "int", "seq": "int", "t": "float", "utc": "str", "kind": "str",
              "participant": "str", "contact": "str", "channel": "str", "detail": "str"}
    EXPECTATIONS = {"run_id": "int", "expectation": "str", "inject": "str",
                    "participant": "str", "action": "str", "stage": "str", "due_at": "float",
                    "done_at": "float", "status": "str"}
    NOTES = {"run_id": "int", "id": "int", "t": "float", "created_at": "str", "text": "str",
             "participant": "str"}

    @staticmethod
    def of_dataclass(cls: type, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        out = {"run_id": "int"}
        for f in fields(cls):
            ann = str(f.type)
            out[f.name] = ("bool" if "bool" in ann else "float" if "float" in ann
                           else "int" if "int" in ann else "str")
        out.update(extra or {})
        return out


def run_tables(store: Store, run_id: int, *, redact: bool) -> RunTables:
    """A run's tables: ``run`` (one dict) and lists of row dicts for the others."""
    info = store.get_run(run_id)
    result = store.load_result(run_id)
    details = store.contact_details(run_id)
    red = run_redactor(store, run_id) if redact else None

    def text(s: str | None) -> str | None:
        return red.text(s) if red is not None else s

    def note(s: str | None) -> str | None:
        return red.note(s) if red is not None else s

    run = info.to_dict(text=not redact)
    run["interrupted_reason"] = text(run["interrupted_reason"])
    participants = [{"run_id": run_id, **asdict(p)} for p in result.participants]
    contacts = []
    for c in result.contacts:
        row: Row = {"run_id": run_id, **asdict(c)}
        if details:
            d = details.get(c.key, {})
            for col, key in (("person_name", "name"), ("email", "email"), ("phone", "phone")):
                v = d.get(key)
                row[col] = _PLACEHOLDER[col] if (redact and v) else v
        contacts.append(row)
    expectations = [
        {"run_id": run_id, "expectation": x.id, "inject": x.inject, "participant": x.participant,
         "action": x.action, "stage": x.stage, "due_at": x.due_at, "done_at": x.done_at,
         "status": x.status}
        for x in result.expectations
    ]
    events = [
        {"run_id": run_id, "seq": i, "t": e.t, "utc": result.at(e.t).isoformat(),
         "kind": e.kind, "participant": e.participant,
         "contact": e.contact, "channel": e.channel, "detail": text(e.detail)}
        for i, e in enumerate(result.events)
    ]
    notes = [
        {"run_id": run_id, "id": n.id, "t": n.t, "created_at": n.created_at.isoformat(),
         "text": note(n.text), "participant": n.participant}
        for n in store.notes(run_id)
    ]
    return {"run": run, "participants": participants, "contacts": contacts,
            "expectations": expectations, "events": events, "notes": notes,
            "_personal": bool(details)}


def _columns(name: str, personal: bool) -> dict[str, str]:
    if name == "participants":
        return Columns.of_dataclass(ParticipantOutcome)
    if name == "contacts":
        extra = dict.fromkeys(("person_name", "email", "phone"), "str") if personal else None
        return Columns.of_dataclass(ContactOutcome, extra)
    return {"run": Columns.RUN, "events": Columns.EVENTS, "expectations": Columns.EXPECTATIONS,
            "notes": Columns.NOTES}[name]


_TABLES = ("run", "participants", "contacts", "expectations", "events", "notes")


def _flat_run(run: Mapping[str, Any]) -> dict[str, Any]:
    row = dict(run)
    row["summary"] = None if row.get("summary") is None else json.dumps(row["summary"])
    row.pop("scenario_text", None)
    return row


def _csv_bytes(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    return buf.getvalue().encode("utf-8")


def _arrow_table(columns: Mapping[str, str], rows: Sequence[Mapping[str, Any]]) -> Any:
    import pyarrow as pa

    types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}
    schema = pa.schema([(c, types[t]) for c, t in columns.items()])
    return pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows], schema=schema)


def export_run(
    store: Store, run_id: int, fmt: Format, path: str | Path, *, redact: bool = False
) -> list[Path]:
    """Export run ``run_id`` (see the module docstring); return the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    tables = run_tables(store, run_id, redact=redact)
    personal = tables.pop("_personal", False)
    if fmt == "json":
        obj = jsonable(tables)
        return _write_json(obj, path, personal=not redact)
    rows = {
        "run": [_flat_run(tables["run"])],
        "participants": tables["participants"],
        "contacts": tables["contacts"],
        "expectations": tables["expectations"],
        "events": tables["events"],
        "notes": tables["notes"],
    }
    out = Path(path)
    if fmt == "csv":
        files = {f"{n}.csv": _csv_bytes(list(_columns(n, personal)), rows[n]) for n in _TABLES}
        if out.suffix.lower() == ".zip":
            out.parent.mkdir(parents=True, exist_ok=True)
            with (open_personal(out, personal=not redact) as f,
                  zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z):
                for name, data in files.items():
                    z.writestr(name, data)
            return [out]
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, data in files.items():
            written.append(write_personal(out / name, data, personal=not redact))
        return written
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for n in _TABLES:
        with open_personal(out / f"{n}.parquet", personal=not redact) as f:
            pq.write_table(_arrow_table(_columns(n, personal), rows[n]), f)
        written.append(out / f"{n}.parquet")
    return written


def _write_json(obj: Any, path: str | Path, *, personal: bool = False) -> list[Path]:
    text = json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
    if str(path) == "-":
        sys.stdout.write(text)
        return []
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    return [write_personal(out, text, personal=personal)]


def sweep_rows(store: Store, sweep_id: int) -> tuple[SweepInfo, list[Row]]:
    """The sweep and one flat row per replication summary."""
    sweep = store.get_sweep(sweep_id)
    params = {p["point"]: p["params"] for p in sweep.point_rows}
    rows = []
    for r in store.replication_summaries(sweep_id):
        row: Row = {"sweep_id": sweep_id, "point": r["point"],
                    "replication": r["replication"], "seed": r["seed"]}
        for k, v in (params.get(r["point"]) or {}).items():
            row[f"param.{k}"] = v if isinstance(v, int | float | str | bool) else json.dumps(v)
        for k, v in (r["metrics"] or {}).items():
            if k in row:
                continue
            row[k] = v if v is None or isinstance(v, int | float | str | bool) else json.dumps(v)
        rows.append(row)
    return sweep, rows


def export_sweep(store: Store, sweep_id: int, fmt: Format, path: str | Path) -> list[Path]:
    """Export a sweep's replication summaries, one row each (see the module docstring)."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    sweep, rows = sweep_rows(store, sweep_id)
    if fmt == "json":
        return _write_json(jsonable({"sweep": sweep.to_dict(), "replications": rows}), path)
    return _write_rows(rows, fmt, path, {"sweep_id": "int", "point": "int",
                                         "replication": "int", "seed": "int"})


def study_rows(store: Store, study_id: int) -> list[Row]:
    """One flat row per replication of a study (lists, such as each participant's time to
    acknowledge, as JSON text)."""
    rows = []
    for r in store.iter_study_replications(study_id):
        row: Row = {"study_id": study_id, "replication": r["replication"], "seed": r["seed"]}
        for k, v in (r["metrics"] or {}).items():
            if k not in row:
                plain = v is None or isinstance(v, int | float | str | bool)
                row[k] = v if plain else json.dumps(v)
        rows.append(row)
    return rows


def export_study(store: Store, study_id: int, fmt: Format, path: str | Path) -> list[Path]:
    """Export a study: its replications, one row each (``json``: with the study and its
    figures)."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    from results.runs.study import study_summary

    study = store.get_study(study_id)
    rows = study_rows(store, study_id)
    if fmt == "json":
        summary = study_summary(store, study_id) if rows else None
        return _write_json(jsonable({"study": study.to_dict(), "summary": summary,
                                     "replications": rows}), path)
    return _write_rows(rows, fmt, path, {"study_id": "int", "replication": "int", "seed": "int"})


def _write_rows(rows: list[Row], fmt: Format, path: str | Path,
                fallback: dict[str, str]) -> list[Path]:
    """``rows`` as one CSV or Parquet file, each column typed by its values."""
    columns: dict[str, str] = {}
    for r in rows:
        for k, v in r.items():
            kind = ("bool" if isinstance(v, bool) else "int" if isinstance(v, int)
                    else "float" if isinstance(v, float) else "str" if v is not None else "")
            prev = columns.get(k, "")
            if not prev or (prev == "int" and kind == "float"):
                columns[k] = kind or prev
            elif kind and prev != kind and not (prev == "float" and kind == "int"):
                columns[k] = "str"
    columns = {k: (t or "str") for k, t in columns.items()} or dict(fallback)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        write_personal(out, _csv_bytes(list(columns), rows), personal=False)
    else:
        import pyarrow.parquet as pq

        conv = [{k: (str(v) if columns[k] == "str" and v is not None else v)
                 for k, v in r.items()} for r in rows]
        with open_personal(out, personal=False) as f:
            pq.write_table(_arrow_table(columns, conv), f)
    return [out]
