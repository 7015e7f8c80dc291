"""--redact: names from the run's directory, addresses and numbers out of free text."""

from __future__ import annotations

import json
from pathlib import Path

from results.export import export_run
from results.redact import WITHHELD, found_again_redactor, run_people, scrub_shapes
from results.store import Store
from simulator.engine.run import run
from simulator.io.scenario_files import scenario_from_text

SCENARIO = """\
name: Redaction check
directory: {profile: osce, seed: 3}
check:
  start: 2026-03-06T15:00:00Z
"""


def test_shapes_catch_national_numbers_and_accented_addresses_but_not_dates() -> None:
    text = ("call 0296 555 0180 or +43 1 531 370, mail zoë@mfa.al.example.org or "
            "José.Núñez@cert.es.example.net; seen 2026-03-10 at 09:00, 12.5 h later")
    out = scrub_shapes(text)
    for gone in ("0296 555 0180", "+43 1 531 370", "zoë@", "Núñez"):
        assert gone not in out, gone
    assert out.count("[phone]") == 2 and out.count("[email]") == 2
    assert "2026-03-10 at 09:00, 12.5 h later" in out


def test_a_note_naming_a_person_of_the_directory_is_scrubbed(tmp_path: Path) -> None:
    loaded = scenario_from_text(SCENARIO)
    directory = loaded.directory()
    person = next(c for p in directory.participants for c in p.contacts if c.name)
    assert person.name is not None
    surname = person.name.split()[-1]
    with Store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        rid = store.record_run(run(loaded.scenario, directory, seed=1), scenario_text=SCENARIO)
        store.add_note(rid, f"Called {person.name} about the outage; {surname} will call back")
        out = tmp_path / "run.json"
        export_run(store, rid, "json", out, redact=True)
    text = out.read_text(encoding="utf-8")
    assert person.name not in text and surname not in text
    (note,) = json.loads(text)["notes"]
    assert note["text"] == "Called [redacted] about the outage; [redacted] will call back"
    people, found = run_people(SCENARIO)
    assert found and person.name in people


def test_without_the_directory_a_note_is_withheld_whole() -> None:
    text = "name: x\ndirectory: {file: nowhere.yaml}\ncheck: {start: 2026-03-06T15:00:00Z}\n"
    people, found = run_people(text, ["Known Person"])
    assert not found and people == ["Known Person"]
    red = found_again_redactor(text, ["Known Person"])
    assert red.note("Called Jane Roe") == WITHHELD
    assert red.text("reached Known Person on +00 123 555 0142") == "reached [redacted] on [phone]"


def test_the_report_scrubs_a_note_with_redact(tmp_path: Path) -> None:
    from results.reports.render import render_markdown
    from results.reports.run_report import build_report

    loaded = scenario_from_text(SCENARIO)
    directory = loaded.directory()
    person = next(c for p in directory.participants for c in p.contacts if c.name and c.phone)
    assert person.name is not None and person.phone is not None
    note = f"{person.name} asked to be called on {person.phone}, not 0296 555 0180"
    with Store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        rid = store.record_run(run(loaded.scenario, directory, seed=1), scenario_text=SCENARIO)
        store.add_note(rid, note)
        plain = render_markdown(build_report(store, rid), charts=False)
        red = render_markdown(build_report(store, rid, redact=True), charts=False)
    assert note in plain
    for gone in (person.name, person.phone, "0296 555 0180"):
        assert gone not in red, gone
    assert "[redacted] asked to be called on [redacted], not [phone]" in red
