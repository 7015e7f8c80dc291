"""``pocdrill calibrate`` on imported checks, and ``pocdrill live status`` against the
expected band."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from results.store import Store
from simulator.analysis.expected import expected_band
from simulator.analysis.survival import km_cumulative_share, step_value
from simulator.directories.generate import generate_directory
from simulator.io.scenario_files import load_scenario
from simulator.model.check import CheckScenario
from tests.cli_support import invoke
from tests.history_support import history_rows, write_csv, write_scenario

CHECKS = 8


@pytest.fixture()
def imported(tmp_path: Path, sqlite_url: str) -> Path:
    """Eight past checks of 57 states, delays lognormal (median 6, sigma 1.2) in working
    hours, imported; the folder holds the scenario."""
    rows = history_rows(generate_directory("osce", seed=7), checks=CHECKS, family="lognormal",
                        a=6.0, b=1.2, seed=21)
    scenario = write_scenario(tmp_path / "check.yaml")
    r = invoke("history", "import", str(write_csv(tmp_path / "past.csv", rows)), "--scenario",
               str(scenario), "--db", sqlite_url)
    assert r.code == 0, r.err
    return tmp_path


def test_calibrate_recovers_the_parameters_and_the_curve(imported: Path, sqlite_url: str) -> None:
    runs = [str(i) for i in range(1, CHECKS + 1)]
    block = imported / "behaviour.yaml"
    chart = imported / "fit.svg"
    r = invoke("calibrate", *runs, "-o", str(block), "--chart", str(chart), "--json",
               "--db", sqlite_url)
    assert r.code == 0, r.err
    fit = json.loads(r.out)
    assert fit["family"] == "lognormal" and fit["aic"]["lognormal"] == min(fit["aic"].values())
    assert fit["elapsed_hours"] == 0  # every time in working hours of its calendar
    lo, hi = fit["all"]["ci95"]["median"]
    assert lo < 6.0 < hi
    lo, hi = fit["all"]["ci95"]["sigma"]
    assert lo < 1.2 < hi
    assert chart.read_text(encoding="utf-8").lstrip().startswith("<svg")
    assert "Kaplan" in chart.read_text(encoding="utf-8")
    # the calibrated scenario reproduces the observed acknowledgement curve within its band
    text = block.read_text(encoding="utf-8")
    calibrated = write_scenario(imported / "calibrated.yaml", behaviour=text)
    loaded = load_scenario(calibrated)
    assert isinstance(loaded.scenario, CheckScenario)
    with Store(sqlite_url) as store:
        results = [store.load_result(int(i)) for i in runs]
    band = expected_band(loaded.scenario, loaded.directory(), results[0].start, replications=60)
    times = [p.ack_at if p.ack_at is not None else r.horizon_hours
             for r in results for p in r.participants]
    seen = [p.ack_at is not None for r in results for p in r.participants]
    km = km_cumulative_share(times, seen)
    for t in (6.0, 12.0, 24.0, 48.0, 72.0, 120.0):
        lo, _, hi = band.share_at(t)
        assert lo - 0.02 <= step_value(km, t) <= hi + 0.02, t


def test_calibrate_prints_the_fit_and_writes_a_block_by_participant(
    imported: Path, sqlite_url: str
) -> None:
    r = invoke("calibrate", "1", "2", "3", "--by", "participant", "--db", sqlite_url)
    assert r.code == 0, r.err
    assert r.out.startswith("# pocdrill calibrate: runs 1, 2, 3, by participant")
    assert "behaviour:\n" in r.out and "participants:\n" in r.out
    assert "families by total AIC (by participant):" in r.err
    assert "shrunk toward their group by d/(d+2)" in r.err


def test_too_few_acknowledgements_or_a_simulated_run_are_one_line_exit_2(
    tmp_path: Path, sqlite_url: str
) -> None:
    rows = history_rows(generate_directory("osce", seed=7), checks=1, family="exponential",
                        a=5000.0, seed=1)
    scenario = write_scenario(tmp_path / "check.yaml")
    assert invoke("history", "import", str(write_csv(tmp_path / "p.csv", rows)), "--scenario",
                  str(scenario), "--db", sqlite_url).code == 0
    r = invoke("calibrate", "1", "--db", sqlite_url)
    assert r.code == 2 and len(r.err_lines) == 1
    assert "calibrating needs at least 5; add more checks" in r.err_lines[0]
    sim = invoke("run", str(scenario), "--seed", "1", "--db", sqlite_url)
    assert sim.code == 0, sim.err
    r = invoke("calibrate", "2", "--db", sqlite_url)
    assert r.code == 2 and r.err_lines == [
        "error: run 2: mode: a simulated run; calibrate learns from live runs (recorded or "
        "imported) only"]
    r = invoke("calibrate", "1", "--by", "country", "--db", sqlite_url)
    assert r.code == 2 and "--by" in r.err


def test_live_status_shows_the_band_the_warning_and_whom_to_call(
    tmp_path: Path, sqlite_url: str
) -> None:
    from results.live.session import LiveSession

    scenario = write_scenario(tmp_path / "check.yaml")
    loaded = load_scenario(scenario)
    directory = loaded.directory()
    with Store(sqlite_url) as store:
        session = LiveSession.start_run(store, loaded, directory,
                                        start=datetime.now(UTC) - timedelta(hours=30))
        session.record("acknowledged", directory.participants[0].code, 1.0)
        session.pause("test")
    where = ("--scenario-dir", str(tmp_path), "-r", "40", "--workers", "1")
    r = invoke("live", "status", "1", *where, "--db", sqlite_url)
    assert r.code == 0, r.err
    assert "expected by now (40 replications from the same start): " in r.out
    assert "acknowledged 2%" in r.out
    assert "warning: 2% acknowledged after 30.0h, below the expected band" in r.out
    assert "phone these first" in r.out
    j = invoke("live", "status", "1", *where, "--json", "--db", sqlite_url)
    ex = json.loads(j.out)["expected"]
    assert ex["below_band"] is True and ex["acknowledged"] == 1 and ex["replications"] == 40
    assert ex["expected"]["p05"] <= ex["expected"]["p50"] <= ex["expected"]["p95"]
    chances = [s["chance_by_deadline"] for s in ex["silent"]]
    assert len(chances) == 56 and all(0 <= c <= 1 for c in chances)
    assert chances == sorted(chances)
    assert np.isclose(ex["share"], 1 / 57)
    off = invoke("live", "status", "1", "--no-expected", "--db", sqlite_url)
    assert off.code == 0 and "expected by now" not in off.out
