"""The leak test of ``--redact``: a live run's notes name its people in any case, with or
without accents; whatever happened to the directory file since the run started (read from
another folder holding a different one, people replaced, the file gone), no output shows a
name: ``results show`` (text and JSON), ``export`` (csv, parquet, json), ``report`` (html,
md) and the TUI run detail. Files holding personal data are 0600, redacted ones are not."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pocdrill.app import app
from results.live.session import LiveSession
from results.name_marks import normalise
from results.store import Store
from simulator.io.directory_files import save_directory
from simulator.io.scenario_files import load_scenario
from simulator.model.directory import Contact, Directory, Participant

PEOPLE = {"XA": "Kristin Johnson", "XB": "José Núñez", "XC": "Zoë Brandt"}
OTHERS = {"XA": "Anna Weber", "XB": "Luis Ortega", "XC": "Zoë Brandt"}
"""The directory after an update: two of the three people replaced."""

NOTES = [
    "kristin johnson wrote back at noon",
    "JOHNSON is out of office until Monday",
    "Jose Nunez called from the ministry",
    "NÚÑEZ confirmed by mail k.johnson@mfa.example.org",
    "zoe BRANDT will call back on 0296 555 0180",
]
KEPT = ["wrote back at noon", "is out of office until Monday", "called from the ministry",
        "will call back on"]
"""What must still be read (the notes are scrubbed, not withheld)."""
SECRETS = ["kristin", "johnson", "jose", "nunez", "zoe", "brandt", "k.johnson@",
           "0296 555 0180"]

SCENARIO = """\
name: Leak check
directory: {file: people.yaml}
check:
  start: 2026-03-10T09:00:00Z
  deadline: 12h
  horizon: 24h
  recipients: [policy]
"""


def _directory(names: dict[str, str]) -> Directory:
    return Directory(name="People", organisation="custom", participants=[
        Participant(code=code, name=f"State {code}", group="North", timezone="UTC", contacts=[
            Contact(role="policy", name=name, email=f"desk.{code.lower()}@mfa.example.org")])
        for code, name in names.items()])


def _live_run(root: Path, db: str) -> int:
    """A live run started from ``root/a`` with notes naming its people."""
    folder = root / "a"
    folder.mkdir()
    (folder / "check.yaml").write_text(SCENARIO, encoding="utf-8")
    save_directory(_directory(PEOPLE), folder / "people.yaml")
    loaded = load_scenario(folder / "check.yaml")
    with Store(db) as store:
        session = LiveSession.start_run(store, loaded, loaded.directory(),
                                        start=datetime(2026, 3, 10, 9, tzinfo=UTC))
        for i, text in enumerate(NOTES):
            store.add_note(session.run_id, text, t=float(i), participant="XA")
        return session.run_id


def _what_happened(case: str, root: Path) -> Path:
    """The directory file after ``case``; the folder the outputs are made from."""
    if case == "other folder":  # the same scenario text next to a different directory
        other = root / "b"
        other.mkdir()
        (other / "check.yaml").write_text(SCENARIO, encoding="utf-8")
        save_directory(_directory({"XA": "Other Person", "XB": "Someone Else"}),
                       other / "people.yaml")
        return other
    if case == "updated":
        save_directory(_directory(OTHERS), root / "a" / "people.yaml")
    if case == "gone":
        (root / "a" / "people.yaml").unlink()
    return root / "a"


def _outputs(run_id: int, db: str, out: Path) -> dict[str, str]:
    """Every output of the run with --redact, as text."""
    def cli(*args: str) -> str:
        res = CliRunner().invoke(app, [*args, "--db", db], env={"COLUMNS": "200"})
        assert res.exit_code == 0, res.output
        return res.stdout

    rid = str(run_id)
    texts = {"show": cli("results", "show", rid, "--redact"),
             "show --json": cli("results", "show", rid, "--redact", "--json")}
    for fmt in ("csv", "parquet", "json"):
        target = out / f"export.{fmt}"
        cli("results", "export", rid, "-f", fmt, "-o", str(target), "--redact")
        files = [target] if target.is_file() else sorted(target.iterdir())
        texts[f"export {fmt}"] = "\n".join(
            json.dumps(pq.read_table(f).to_pylist(), ensure_ascii=False, default=str)
            if fmt == "parquet" else f.read_text(encoding="utf-8") for f in files)
    for ext in ("html", "md"):
        cli("report", rid, "-o", str(out / f"report.{ext}"), "--redact")
        texts[f"report {ext}"] = (out / f"report.{ext}").read_text(encoding="utf-8")
    return texts


@pytest.mark.parametrize("case", ["other folder", "updated", "gone", "unchanged"])
def test_no_output_names_anyone_whatever_happened_to_the_directory(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    run_id = _live_run(tmp_path, db)
    monkeypatch.chdir(_what_happened(case, tmp_path))
    out = tmp_path / "out"
    out.mkdir()
    for name, text in _outputs(run_id, db, out).items():
        flat = normalise(text)
        for secret in SECRETS:
            assert secret not in flat, f"{case}: {name} shows {secret!r}"
        if name != "export parquet":  # its text is JSON-escaped above
            for kept in KEPT:
                assert kept in text, f"{case}: {name} lost {kept!r}"


async def test_the_tui_run_detail_scrubs_notes_with_redact_and_h_toggles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.functional.tui.support import settle
    from tui.app import create_app
    from tui.screens.run_detail import RunDetailScreen

    db = f"sqlite:///{tmp_path / 'store.db'}"
    run_id = _live_run(tmp_path, db)
    monkeypatch.chdir(_what_happened("other folder", tmp_path))
    app = create_app(db, bundled=False, redact=True)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        app.push_screen(RunDetailScreen(run_id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunDetailScreen) and screen.redacted
        shown = _notes_text(screen)
        for secret in SECRETS:
            assert secret not in normalise(shown), secret
        assert all(kept in shown for kept in KEPT) and "redacted: h shows names" in shown
        await pilot.press("h")
        await settle(pilot)
        assert "kristin johnson wrote back" in _notes_text(screen)


def _notes_text(screen: Any) -> str:
    from textual.widgets import Static

    title = str(screen.query_one("#notes-title", Static).render())
    return title + "\n" + str(screen.query_one("#notes", Static).render())


def test_files_with_personal_data_are_0600_and_redacted_ones_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    run_id = _live_run(tmp_path, db)
    monkeypatch.chdir(tmp_path / "a")

    def mode(*args: str) -> set[int]:
        res = CliRunner().invoke(app, [*args, "--db", db])
        assert res.exit_code == 0, res.output
        target = Path(args[args.index("-o") + 1])
        files = [target] if target.is_file() else list(target.iterdir())
        return {stat.S_IMODE(f.stat().st_mode) for f in files}

    rid = str(run_id)
    umask = os.umask(0o022)  # what "may be 0644" means: the usual umask
    try:
        _check_modes(rid, tmp_path, mode)
    finally:
        os.umask(umask)


def _check_modes(rid: str, tmp_path: Path, mode: Any) -> None:
    for fmt, name in (("csv", "c"), ("csv", "c.zip"), ("parquet", "p"), ("json", "j.json")):
        assert mode("results", "export", rid, "-f", fmt, "-o", str(tmp_path / name)) == {0o600}
        red = mode("results", "export", rid, "-f", fmt, "-o", str(tmp_path / f"r{name}"),
                   "--redact")
        assert red and all(m & 0o044 for m in red), (fmt, red)
    for ext in ("html", "md"):
        assert mode("report", rid, "-o", str(tmp_path / f"r.{ext}")) == {0o600}
        (red,) = mode("report", rid, "-o", str(tmp_path / f"red.{ext}"), "--redact")
        assert red & 0o044


def test_a_live_run_reopened_on_an_updated_directory_knows_both_peoples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from results.redact import run_redactor

    db = f"sqlite:///{tmp_path / 'store.db'}"
    run_id = _live_run(tmp_path, db)
    folder = _what_happened("updated", tmp_path)
    monkeypatch.chdir(folder)
    with Store(db) as store:
        store.mark_interrupted(run_id, "interrupted by Ctrl-C")
        LiveSession.reopen(store, run_id, places=[folder])
        note = "anna WEBER took over from Kristin; ORTEGA too"
        assert run_redactor(store, run_id).note(note) == (
            "[redacted] took over from [redacted]; [redacted] too")
