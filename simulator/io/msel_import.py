"""A tabletop scenario from a master scenario events list (see :mod:`simulator.io.msel`).

The MSEL gives the injects and their expectations; the rest of the scenario (directory,
start, end, stages' narratives and questions, actors, behaviour) comes from a base
scenario, or, without one, from the start and directory the facilitator names (the end is
then the last moment an expectation can still be met, rounded up to the hour). Every
problem is reported at its row and column; a problem the scenario model finds (an unknown
stage, a trigger naming no expectation) at the row of its inject or expectation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulator.io.directory_columns import header_key
from simulator.io.msel import INJECT_COLUMNS, MSEL_COLUMNS, parse_action, parse_time, parse_to
from simulator.io.scenario_files import parse_scenario
from simulator.io.sheet_values import text
from simulator.io.spreadsheet import Cell, Sheet, cell_location
from simulator.model.errors import InputError, Problem
from simulator.model.injects import SECRETARIAT, ConditionTrigger, Inject
from simulator.model.tabletop import TabletopScenario
from simulator.text import short_duration

_ALIASES = {"no": "number", "inject_no": "number", "inject_number": "number", "id": "number",
            "inject": "number", "phase": "stage", "date_time": "time", "datetime": "time",
            "scenario_time": "time", "sender": "from", "recipient": "to",
            "recipients": "to", "intended_player": "to", "channel": "method",
            "delivery_method": "method", "title": "subject", "synopsis": "subject",
            "body": "message", "description": "message", "expected_player_action":
            "expected action", "objective": "expectation", "within": "deadline",
            "time_allowed": "deadline", "control_notes": "notes"}
_REQUIRED = ("number", "time", "to", "subject")
_FIELD_COLUMN = {"at": "time", "trigger": "time", "delay": "time", "sender": "from",
                 "recipients": "to", "roles": "to", "channel": "method", "body": "message",
                 "subject": "subject", "stage": "stage", "id": "number"}
_EXPECT_COLUMN = {"within": "deadline", "description": "expectation"}


@dataclass
class _Inject:
    row: int
    data: dict[str, Any]
    cells: dict[str, str]
    expect_rows: list[int] = field(default_factory=list)


@dataclass
class _Reading:
    sheet: Sheet
    columns: dict[str, int] = field(default_factory=dict)
    injects: dict[str, _Inject] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def at(self, row: int, column: str) -> str:
        k = self.columns.get(column)
        return cell_location(row, k, self.sheet.header[k]) if k is not None else f"row {row}"

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.sheet.source, self.at(row, column), message))


def import_msel(sheet: Sheet, *, base: Mapping[str, Any] | None = None,
                start: datetime | None = None, name: str | None = None,
                directory: Mapping[str, Any] | None = None,
                check: Callable[[TabletopScenario], None] | None = None) -> TabletopScenario:
    """The tabletop scenario ``sheet``'s injects make with ``base`` (a scenario file's
    data, whose start ``start`` must then be) or with ``start``, ``directory`` (a
    scenario's ``directory:`` entry) and ``name``; an InputError listing every problem
    (``check`` may add the scenario's problems against its directory)."""
    if base is None and (start is None or directory is None):
        raise InputError.single(sheet.source, "", "give --base SCENARIO, or --start and "
                                "--directory, for what an MSEL does not hold")
    reading = _columns(sheet)
    if not reading.problems:
        for n, values in sheet.rows:
            _read_row(reading, n, values, start)
    if reading.problems:
        raise InputError(reading.problems)
    data = _scenario_data(reading, base, start, name, directory)
    try:
        sc = parse_scenario(data, sheet.source)
        assert isinstance(sc, TabletopScenario)  # kind: tabletop
        if check is not None:
            check(sc)
    except InputError as e:
        raise InputError([_relocated(reading, p) for p in e.problems]) from None
    return sc


def _columns(sheet: Sheet) -> _Reading:
    reading = _Reading(sheet)
    known = {header_key(c): c for c in MSEL_COLUMNS}
    for k, header in enumerate(sheet.header):
        key = header_key(header)
        column = known.get(key) or _ALIASES.get(key)
        if column is None:
            reading.problems.append(Problem(sheet.source, cell_location(1, k, header),
                                            f"unknown column {header!r}; use "
                                            f"{', '.join(MSEL_COLUMNS)}"))
        elif column in reading.columns:
            reading.problems.append(Problem(sheet.source, cell_location(1, k, header),
                                            f"a second {column} column; keep one"))
        else:
            reading.columns[column] = k
    for column in _REQUIRED:
        if column not in reading.columns:
            reading.problems.append(Problem(sheet.source, "row 1",
                                            f"no {column} column; add one"))
    return reading


def _read_row(reading: _Reading, n: int, values: list[Cell], start: datetime | None) -> None:
    cells = {c: text(reading.sheet.value(values, k)) for c, k in reading.columns.items()}
    number = cells.get("number", "")
    if not number:
        reading.problem(n, "number", "no inject number; give each row its inject's number")
        return
    inj = reading.injects.get(number)
    if inj is None:
        inj = reading.injects[number] = _Inject(n, _inject_data(reading, n, cells, start), cells)
    else:
        for c in INJECT_COLUMNS:
            if cells.get(c) and cells[c] != inj.cells.get(c, ""):
                reading.problem(n, c, f"differs from row {inj.row} of inject {number}; "
                                "leave the inject's columns empty on its further rows")
    _expectation(reading, inj, n, cells)


def _inject_data(reading: _Reading, n: int, cells: dict[str, str],
                 start: datetime | None) -> dict[str, Any]:
    number = cells["number"]
    inject_id = f"I{number}" if re.fullmatch(r"[0-9][0-9.]*", number) else number
    data: dict[str, Any] = {"id": inject_id, "stage": cells.get("stage") or "S1",
                            "subject": cells.get("subject", "")}
    try:
        data.update(parse_time(cells.get("time", ""), start))
    except ValueError as e:
        reading.problem(n, "time", str(e))
    data.update(parse_to(cells.get("to", "")))
    if cells.get("from"):
        data["sender"] = cells["from"]
    if cells.get("method"):
        data["channel"] = cells["method"].lower()
    if cells.get("message"):
        data["body"] = cells["message"]
    data["expect"] = []
    return data


def _expectation(reading: _Reading, inj: _Inject, n: int, cells: dict[str, str]) -> None:
    action = cells.get("expected action", "")
    if not action:
        for c in ("expectation", "deadline"):
            if cells.get(c):
                reading.problem(n, "expected action", f"the row has a {c} but no expected "
                                "action; write e.g. 'E1: acknowledge'")
                return
        return
    try:
        e = parse_action(action)
    except ValueError as err:
        reading.problem(n, "expected action", str(err))
        return
    if not cells.get("deadline"):
        reading.problem(n, "deadline", "no deadline for the expected action; write the "
                        "time allowed, e.g. 4h")
        return
    e["within"] = cells["deadline"]
    if cells.get("expectation"):
        e["description"] = cells["expectation"]
    inj.data["expect"].append(e)
    inj.expect_rows.append(n)


def _scenario_data(reading: _Reading, base: Mapping[str, Any] | None, start: datetime | None,
                   name: str | None, directory: Mapping[str, Any] | None) -> dict[str, Any]:
    injects = [i.data for i in reading.injects.values()]
    data: dict[str, Any] = dict(base) if base is not None else {
        "kind": "tabletop", "directory": dict(directory or {}),
        "start": start.isoformat() if start else None, "end": _end(injects)}
    data["kind"] = "tabletop"
    if name:
        data["name"] = name
    data.setdefault("name", re.split(r"[\\/]", reading.sheet.source)[-1].rsplit(".", 1)[0])
    stages = [dict(s) for s in data.get("stages") or []]
    known = {s.get("id") for s in stages}
    for i in injects:
        if i["stage"] not in known:
            stages.append({"id": i["stage"], "title": i["stage"]})
            known.add(i["stage"])
    data["stages"], data["injects"] = stages, injects
    data["actors"] = _actors(data.get("actors") or [], injects)
    return data


def _actors(declared: list[Any], injects: list[dict[str, Any]]) -> list[Any]:
    """The declared actors, and one (of type other) for each lower-case sender or
    counterpart the MSEL names and nobody declared: actor ids are lower-case, codes not."""
    actors = list(declared)
    known = {a.get("id") for a in actors if isinstance(a, dict)}
    named = [i.get("sender", "") for i in injects]
    named += [e.get("to", "") for i in injects for e in i["expect"]]
    for who in named:
        if who and who != SECRETARIAT and who == who.lower() and who not in known:
            actors.append({"id": who, "name": who, "type": "other"})
            known.add(who)
    return actors


def _end(injects: list[dict[str, Any]]) -> str:
    """The latest moment an expectation can still be met in its window (a triggered
    inject firing when its trigger's window closes), rounded up to the hour; at least one
    hour. Injects the model refuses are left to it to report."""
    models: dict[str, Inject] = {}
    for d in injects:
        try:
            models[str(d.get("id"))] = Inject.model_validate(d)
        except ValueError:
            continue
    owner = {e.id: (inj, e.within) for inj in models.values() for e in inj.expect}
    fire: dict[str, float | None] = {}

    def latest(inj: Inject) -> float | None:
        if inj.id not in fire:
            fire[inj.id] = None  # a cycle stays None (the model reports it)
            if inj.at is not None:
                fire[inj.id] = inj.at
            elif isinstance(inj.trigger, ConditionTrigger) and inj.trigger.expectation in owner:
                parent, within = owner[inj.trigger.expectation]
                t = latest(parent)
                fire[inj.id] = None if t is None else t + within + inj.delay
        return fire[inj.id]

    last = 1.0
    for inj in models.values():
        t = latest(inj)
        if t is not None:
            last = max(last, t + max((e.within for e in inj.expect), default=0.0))
    return short_duration(float(math.ceil(last - 1e-9)))


_LOC = re.compile(r"^injects\[(\d+)\](?: \([^)]*\))?(?:\.expect\[(\d+)\])?(?:\.(\w+))?")


def _relocated(reading: _Reading, p: Problem) -> Problem:
    """A problem the scenario model found, moved to the row and column it came from."""
    m = _LOC.match(p.location)
    if m is None:
        return p
    inj = list(reading.injects.values())[int(m.group(1))]
    if m.group(2) is not None:
        k = int(m.group(2))
        row = inj.expect_rows[k] if k < len(inj.expect_rows) else inj.row
        column = _EXPECT_COLUMN.get(m.group(3) or "", "expected action")
    else:
        row, column = inj.row, _FIELD_COLUMN.get(m.group(3) or "", "number")
    return Problem(p.source, reading.at(row, column), p.message)
