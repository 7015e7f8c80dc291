"""The store keeps fingerprints of a run's people, never their names; runs stored before
fall back to their directory found again, or their notes are withheld."""

from __future__ import annotations

from pathlib import Path

from results.redact import WITHHELD, run_redactor
from results.store import Store
from simulator.engine.run import run
from simulator.io.scenario_files import scenario_from_text

SCENARIO = "name: x\ndirectory: {profile: osce, seed: 3}\ncheck: {start: 2026-03-06T15:00:00Z}\n"
MISSING = "name: x\ndirectory: {file: nowhere.yaml}\ncheck: {start: 2026-03-06T15:00:00Z}\n"


def _start(store: Store, text: str, people: list[str] | None) -> int:
    return store.start_run(scenario="x", scenario_text=text, seed=0, mode="live", people=people)


def test_marks_not_names_and_they_grow_on_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(f"sqlite:///{path}") as store:
        rid = _start(store, MISSING, ["Kristin Johnson"])
        assert run_redactor(store, rid).note("KRISTIN called; Weber too") == (
            "[redacted] called; Weber too")
        store.remember_people(rid, ["Anna Weber"])
        marks = store.people_marks(rid)
        assert marks is not None
        assert marks.scrub("KRISTIN called; Weber too") == "[redacted] called; [redacted] too"
        nobody = _start(store, MISSING, [])
        assert run_redactor(store, nobody).note("All quiet") == "All quiet"  # not withheld
        store.delete_run(rid)
        assert store.people_marks(rid) is None
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir()).lower()  # WAL included
    assert b"kristin" not in data and b"weber" not in data and b"johnson" not in data


def test_a_run_stored_without_marks_falls_back_to_its_directory(tmp_path: Path) -> None:
    loaded = scenario_from_text(SCENARIO)
    directory = loaded.directory()
    person = next(c for p in directory.participants for c in p.contacts if c.name)
    assert person.name is not None
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        rid = store.record_run(run(loaded.scenario, directory, seed=1), scenario_text=SCENARIO)
        assert store.people_marks(rid) is None
        red = run_redactor(store, rid)
        assert red.note(f"{person.name.upper()} wrote") == "[redacted] wrote"
        lost = _start(store, MISSING, None)
        assert run_redactor(store, lost).note("Called Jane Roe") == WITHHELD
