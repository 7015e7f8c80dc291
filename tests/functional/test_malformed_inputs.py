"""A property-based corpus of malformed inputs (issue 14): scenarios, directories and CSV
rows that Hypothesis breaks in many ways. Whatever the input, the loaders either accept it
or raise :class:`InputError` whose problems are one line each, naming the file; the
command line exits 0 or 2 with one ``error:`` line per problem, never a traceback, and a
refused input writes nothing (no store, no file).

The examples are the same on every machine (``derandomize``) and kept few enough to run
in seconds.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from simulator.io.directory_csv import CSV_COLUMNS, directory_from_csv  # noqa: E402
from simulator.io.directory_yaml import directory_from_yaml  # noqa: E402
from simulator.io.scenario_files import parse_scenario  # noqa: E402
from simulator.model.errors import InputError  # noqa: E402
from tests import ROOT  # noqa: E402
from tests.cli_support import files_under, invoke  # noqa: E402

CORPUS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow])
CLI = settings(CORPUS, max_examples=40)

PARTICIPANT: dict[str, Any] = {
    "code": "DE", "name": "Germany", "timezone": "Europe/Berlin",
    "work_week": ["mon", "tue", "wed", "thu", "fri"], "office_hours": "09:00-17:00",
    "holiday_country": "DE", "languages": ["de", "en"], "capacity": "medium",
    "contacts": [{"role": "policy", "email": "policy@example.org"},
                 {"role": "technical", "email": "tech@example.org", "duty_24_7": True}],
}
DIRECTORY: dict[str, Any] = {"name": "Tiny", "organisation": "TEST",
                             "participants": [PARTICIPANT]}
SCENARIO: dict[str, Any] = {
    "name": "Tiny check",
    "directory": {"file": "dir.yaml"},
    "check": {"start": "2026-03-06T15:00:00Z", "deadline": "72h", "horizon": "144h",
              "reminders": ["24h"], "escalate_after": "48h", "phone_follow_up": "36h",
              "secretariat": {"timezone": "Europe/Vienna", "holidays": "AT",
                              "office_hours": "09:00-17:00"}},
    "behaviour": {"turnover_per_year": 0.2, "spam_loss": 0.02, "absence": 0.08,
                  "triage": {"dist": "lognormal", "median": "4h", "sigma": 1.0},
                  "clearance": {"dist": "weibull", "scale": "2h", "shape": 1.5},
                  "ack_delay": {"dist": "exponential", "mean": "1h"}},
}

# -- bad values -----------------------------------------------------------------------------

bad_floats = st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 1e308, -0.0, 1e-320])
bad_ints = st.sampled_from([-1, 0, 2**63, 10**30, -(2**70)])
bad_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", ".nan", ".inf", "9999-12-31T23:59:59Z", "Mars/Olympus", "QQ",
                     "24x", "-3h", "1e400h", "\x00", "\u202e", "a\nb", "{", "[", "null",
                     "x" * 300, "x" * 200_000]),
)
bad_values = st.one_of(bad_floats, bad_ints, bad_text, st.booleans(), st.none(),
                       st.lists(st.one_of(bad_text, bad_floats), max_size=3),
                       st.dictionaries(st.text(max_size=5), bad_text, max_size=2))


def leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in ``data`` where a value can be replaced (mappings and lists)."""
    out = [path] if path else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += leaves(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += leaves(v, (*path, i))
    return out


def at(data: Any, path: tuple[Any, ...]) -> Any:
    """The value at ``path`` in ``data``."""
    for key in path:
        data = data[key]
    return data


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of ``data`` with the value at ``path`` replaced (or removed, for ``...``)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        copy = dict(data)
        if not rest and value is Ellipsis:
            copy.pop(head, None)
        else:
            copy[head] = replaced(data[head], rest, value)
        return copy
    copy_list = list(data)
    if not rest and value is Ellipsis:
        del copy_list[head]
    else:
        copy_list[head] = replaced(data[head], rest, value)
    return copy_list


@st.composite
def broken(draw: st.DrawFn, base: dict[str, Any], count: int = 3) -> Any:
    """``base`` with one to ``count`` values replaced by bad ones, removed, or added."""
    data: Any = base
    for _ in range(draw(st.integers(1, count))):
        paths = leaves(data) if isinstance(data, dict) else []
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        value = draw(st.one_of(bad_values, st.just(Ellipsis)))
        data = replaced(data, path, value)
    if draw(st.booleans()) and isinstance(data, dict):
        data = {**data, draw(st.sampled_from(["nmae", "check", "extra"])): draw(bad_values)}
    return data


def one_line_problems(error: InputError, source: str) -> None:
    assert error.problems, "an InputError names at least one problem"
    for p in error.problems:
        line = str(p)
        assert "\n" not in line and "\r" not in line, line
        assert line.startswith(f"{source}: "), line
        assert len(line) < 2_000, line[:200]


# -- the library ----------------------------------------------------------------------------


@CORPUS
@given(broken(SCENARIO))
def test_a_broken_scenario_is_accepted_or_one_line_per_problem(data: Any) -> None:
    try:
        parse_scenario(data, "s.yaml")
    except InputError as e:
        one_line_problems(e, "s.yaml")


numbers = st.one_of(bad_floats, bad_ints, st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from(["1e-300s", "1e300h", "0.0001s", "0h", "876000h",
                                     "1e5d", "9.99e2w"]))


@st.composite
def odd_numbers(draw: st.DrawFn) -> Any:
    """:data:`SCENARIO` with one to three of its numbers and durations extreme but perhaps
    valid (the engine must then run it)."""
    data: Any = SCENARIO
    paths = [p for p in leaves(SCENARIO) if p[0] in ("check", "behaviour")
             and not isinstance(at(SCENARIO, p), dict | list)
             and p[-1] not in ("start", "timezone", "holidays", "office_hours", "dist")]
    for path in draw(st.lists(st.sampled_from(paths), min_size=1, max_size=3, unique=True)):
        data = replaced(data, path, draw(numbers))
    return data


@CORPUS
@given(odd_numbers())
def test_extreme_numbers_are_refused_in_one_line_or_simulated(data: Any) -> None:
    from simulator.engine.run import run
    from simulator.model.directory import Directory

    try:
        scenario = parse_scenario({**data, "directory": {"profile": "osce"}}, "s.yaml")
    except InputError as e:
        one_line_problems(e, "s.yaml")
        return
    run(scenario, Directory.model_validate(DIRECTORY), seed=1)


TABLETOP: dict[str, Any] = yaml.safe_load(
    (ROOT / "scenarios" / "cross-border-ci-incident.yaml").read_text(encoding="utf-8"))


@CORPUS
@given(broken(TABLETOP, count=3))
def test_a_broken_tabletop_is_accepted_or_one_line_per_problem(data: Any) -> None:
    try:
        parse_scenario(data, "t.yaml")
    except InputError as e:
        one_line_problems(e, "t.yaml")


@CORPUS
@given(broken(DIRECTORY, count=4))
def test_a_broken_directory_is_accepted_or_one_line_per_problem(data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        directory_from_yaml(text, "d.yaml")
    except InputError as e:
        one_line_problems(e, "d.yaml")


cells = st.one_of(st.text(max_size=12), st.sampled_from(
    ["DE", "de", "Europe/Berlin", "policy", "a@b.example", "mon,tue", "09:00-17:00", "true",
     "nan", "\"", ";", ",", "\n", "\x00", "x" * 300]))
columns = st.lists(st.one_of(st.sampled_from(CSV_COLUMNS), st.text(max_size=8)),
                   min_size=1, max_size=8)


@CORPUS
@given(columns, st.lists(st.lists(cells, max_size=9), max_size=5), st.sampled_from([",", ";"]))
def test_broken_csv_rows_are_accepted_or_one_line_per_problem(
    header: list[str], rows: list[list[str]], delimiter: str
) -> None:
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter)
    w.writerow(header)
    w.writerows(rows)
    try:
        directory_from_csv(out.getvalue(), "d.csv")
    except InputError as e:
        one_line_problems(e, "d.csv")


@CORPUS
@given(st.lists(st.lists(cells, min_size=len(CSV_COLUMNS), max_size=len(CSV_COLUMNS)),
                min_size=1, max_size=4))
def test_broken_rows_under_a_good_header_are_one_line_per_problem(
    rows: list[list[str]]
) -> None:
    good = ["Tiny", "TEST", "", "", "DE", "Germany", "", "Europe/Berlin", "mon tue", "",
            "", "", "en", "medium", "policy", "", "a@b.example.org", "", "", "", "", "", ""]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    w.writerow(good[: len(CSV_COLUMNS)])
    w.writerows(rows)
    try:
        directory_from_csv(out.getvalue(), "d.csv")
    except InputError as e:
        one_line_problems(e, "d.csv")
        assert all(p.location.startswith(("row ", "column ", "(top)")) for p in e.problems)


# -- the command line -----------------------------------------------------------------------


def refused_or_done(folder: Path, *args: str) -> None:
    """``pocdrill ARGS`` in ``folder``: exit 0, or exit 2 with only ``error:`` lines and
    nothing written."""
    before = files_under(folder)
    result = invoke(*args, cwd=folder,
                    env={"POCDRILL_DATABASE_URL": f"sqlite:///{folder}/r.db"})
    assert result.code in (0, 2), (result.code, result.err)
    assert "Traceback" not in result.err
    if result.code == 2:
        assert result.err_lines and all(x.startswith("error: ") for x in result.err_lines), \
            result.err
        assert files_under(folder) == before


@CLI
@given(broken(SCENARIO, count=2))
def test_running_a_broken_scenario_ends_in_one_line_per_problem(data: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "dir.yaml").write_text(yaml.safe_dump(DIRECTORY), encoding="utf-8")
        (folder / "s.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                       encoding="utf-8")
        refused_or_done(folder, "run", "s.yaml", "--no-store")
        refused_or_done(folder, "run", "s.yaml")


@CLI
@given(broken(DIRECTORY, count=3), st.sampled_from(["d.yaml", "d.csv"]))
def test_validating_a_broken_directory_ends_in_one_line_per_problem(
    data: Any, name: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text = yaml.safe_dump(data, allow_unicode=True)
        if name.endswith(".csv"):  # a YAML directory's text read as CSV: rows of nonsense
            text = text.replace(": ", ",")
        (folder / name).write_text(text, encoding="utf-8")
        refused_or_done(folder, "directory", "validate", name)
