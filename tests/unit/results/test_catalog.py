"""Stored runs and sweeps as a face asks for them: targets, rows, detail, export,
delete."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from results.catalog import (
    RunDetail,
    Target,
    ack_rate,
    check_export_format,
    delete_target,
    export_target,
    list_runs,
    parse_target,
    require_target,
    run_row,
    show_target,
)
from results.db import NotFound
from results.store import Store, SweepInfo
from simulator.model.errors import InputError
from tests.store_support import make_result


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    with Store(sqlite_url) as s:
        yield s


@pytest.mark.parametrize(("value", "sweep", "target"), [
    ("12", False, Target("run", 12)),
    (" run:3 ", False, Target("run", 3)),
    ("sweep:4", False, Target("sweep", 4)),
    ("SWEEP:5", False, Target("sweep", 5)),
    ("6", True, Target("sweep", 6)),
    ("study:7", False, Target("study", 7)),
    ("Study:8", False, Target("study", 8)),
])
def test_parse_target(value: str, sweep: bool, target: Target) -> None:
    assert parse_target(value, sweep=sweep) == target


def test_a_bad_target_is_one_problem() -> None:
    with pytest.raises(InputError) as e:
        parse_target("abc")
    assert str(e.value) == ("RUN: 'abc' is not a run id; give a number (e.g. 12), study:N or "
                            "sweep:N")


def test_list_rows_one_per_run_study_and_sweep(store: Store) -> None:
    assert list_runs(store).empty()
    sid = store.create_sweep(name="s", scenario_text="x", axes={}, replications=1, base_seed=1,
                             points=[{}])
    assert [w.id for w in list_runs(store).sweeps] == [sid]
    a = store.record_run(make_result(scenario="alpha"), scenario_text="a")
    b = store.record_run(make_result(scenario="beta"), scenario_text="b")
    study = store.create_study(scenario="gamma", scenario_text="g", kind="check", seed=1,
                               replications=3, events_stored=True,
                               frame={"codes": [], "groups": []})
    store.record_run(make_result(scenario="gamma"), scenario_text="g", study_id=study)
    listing = list_runs(store)
    assert [r.id for r in listing.runs] == [b, a]  # the study's own run is not listed
    assert [s.id for s in listing.studies] == [study]
    assert [(r["what"], r["id"]) for r in listing.rows()] == [
        ("study", study), ("run", b), ("run", a), ("sweep", sid)]
    assert listing.url == store.display_url
    assert [r.id for r in list_runs(store, scenario="alpha").runs] == [a]
    row = run_row(listing.runs[0])
    assert "summary" not in row and row["ack_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert "completion_rate" in row
    assert ack_rate(listing.runs[0]) == row["ack_rate"]


def test_show_a_run_with_its_notes_or_a_sweep(store: Store) -> None:
    rid = store.record_run(make_result(), scenario_text="a")
    store.add_note(rid, "slow start", t=1.5, participant="XA")
    shown = show_target(store, Target("run", rid))
    assert isinstance(shown, RunDetail)
    d = shown.to_dict()
    assert d["id"] == rid and [n["text"] for n in d["notes"]] == ["slow start"]
    assert json.dumps(d)  # JSON-ready
    sid = store.create_sweep(name="s", scenario_text="x", axes={}, replications=1,
                             base_seed=1, points=[{}])
    assert isinstance(show_target(store, ("sweep", sid)), SweepInfo)
    with pytest.raises(NotFound):
        show_target(store, Target("run", 999))


def test_export_format_is_checked_first() -> None:
    assert check_export_format("csv") == "csv"
    with pytest.raises(InputError) as e:
        check_export_format("xml")
    assert str(e.value) == "--format: 'xml' is not one of csv, parquet, json"


def test_export_says_where_it_went(store: Store, tmp_path: Path) -> None:
    rid = store.record_run(make_result(), scenario_text="a")
    assert export_target(store, Target("run", rid), "json", tmp_path / "r.json") == (
        tmp_path / "r.json")
    assert export_target(store, Target("run", rid), "csv", tmp_path / "csv") == tmp_path / "csv"
    with pytest.raises(NotFound):
        export_target(store, Target("sweep", 99), "csv", tmp_path / "s.csv")


def test_require_and_delete(store: Store) -> None:
    rid = store.record_run(make_result(), scenario_text="a")
    require_target(store, Target("run", rid))
    delete_target(store, Target("run", rid))
    for target in (Target("run", rid), Target("sweep", 1)):
        with pytest.raises(NotFound):
            require_target(store, target)


@pytest.mark.parametrize("value", ["0", "-5", "run:-1", "study:0", "sweep:-3",
                                   str(2**63), "99999999999999999999999"])
def test_an_id_outside_the_stores_64_bits_is_one_line(value: str) -> None:
    with pytest.raises(InputError) as e:
        parse_target(value)
    (problem,) = e.value.problems
    assert str(problem).startswith(f"RUN: {value!r} is not a ")
    assert str(problem).endswith("ids are whole numbers from 1 to 9223372036854775807")
    assert parse_target(str(2**63 - 1)).number == 2**63 - 1
