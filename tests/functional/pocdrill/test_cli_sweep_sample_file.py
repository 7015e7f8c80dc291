"""A sampled sweep declared in a sweep file (``sample:``) and from a notebook
(``simulator.sample_sweep``): the same design, seeds, figures and indices as ``pocdrill
sweep --sample``, and a bad ``sample:`` block as one located line with exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import simulator
from pocdrill.app import app
from results.reports.sweep import sweep_report
from results.runs.sweep_record import stored_rows
from results.store import Store

runner = CliRunner()
TURNOVER, SPAM = "behaviour.turnover_per_year", "behaviour.spam_loss"
OPTIONS = ["--sample", "morris", "3", "--range", f"{TURNOVER}=0.05:0.9",
           "--range", f"{SPAM}=0:0.3", "--threshold", "0.8", "--seed", "7", "-r", "2"]
SAMPLE_BLOCK = f"""\
sample:
  method: morris
  n: 3
  ranges:
    {TURNOVER}: [0.05, 0.9]
    {SPAM}: [0, 0.3]
  threshold: 0.8
"""


def _sweep_file(scenario: Path, body: str, name: str = "sampled.yaml") -> Path:
    path = scenario.parent / name
    path.write_text(f"scenario: {scenario.name}\nreplications: 2\nseed: 7\n{body}",
                    encoding="utf-8")
    return path


def _json(*args: str) -> dict[str, Any]:
    res = runner.invoke(app, ["sweep", *args, "-w", "1", "--json"])
    assert res.exit_code == 0, res.output
    out: dict[str, Any] = json.loads(res.stdout)
    return out


def test_a_sample_block_stores_the_same_design_seeds_and_table_as_the_options(
    sweep_scenario: Path, sqlite_url: str
) -> None:
    from_options = _json(str(sweep_scenario), *OPTIONS, "--db", sqlite_url)
    from_file = _json(str(_sweep_file(sweep_scenario, SAMPLE_BLOCK)), "--db", sqlite_url)
    assert from_file["sweep_id"] != from_options["sweep_id"]
    assert from_file["design"] == from_options["design"]
    assert from_file["design"]["seed"] == 7 and from_file["design"]["threshold"] == 0.8
    assert len(from_file["points"]) == 3 * (2 + 1)
    assert from_file["points"] == from_options["points"]
    assert from_file["sensitivity"] == from_options["sensitivity"]
    with Store(sqlite_url) as store:
        a = stored_rows(store, from_options["sweep_id"])
        b = stored_rows(store, from_file["sweep_id"])
        assert [(r["point"], r["replication"], r["seed"]) for r in a] == [
            (r["point"], r["replication"], r["seed"]) for r in b]
        # common random numbers: every point of the design runs the same seeds
        seeds = {p: [r["seed"] for r in b if r["point"] == p] for p in range(9)}
        assert len({tuple(s) for s in seeds.values()}) == 1 and len(seeds[0]) == 2
        report = sweep_report(store, from_file["sweep_id"])
    assert report.data["sensitivity"]["indices"] == from_options["sensitivity"]["indices"]


def test_the_notebook_form_gives_the_command_lines_points_and_indices(
    sweep_scenario: Path
) -> None:
    cli = _json(str(sweep_scenario), *OPTIONS, "--no-store")
    result = simulator.sample_sweep(
        sweep_scenario, "morris", 3, {TURNOVER: (0.05, 0.9), SPAM: [0, 0.3]},
        threshold=0.8, replications=2, seed=7, workers=1)
    assert result.sensitivity.to_json() == cli["sensitivity"]
    assert [i.to_json() for i in result.sensitivity.indices] == cli["sensitivity"]["indices"]
    assert result.sensitivity.rule.startswith("ack share < 0.8 when ") or (
        result.sensitivity.rule == "no point has an ack share below 0.8")
    assert [{k: r[k] for k in (TURNOVER, SPAM)} for r in result.rows] == [
        p["params"] for p in cli["points"]]
    assert [r["ack_rate"] for r in result.rows] == [p["ack_rate"] for p in cli["points"]]
    assert not any(k.endswith("_diff_vs_baseline") for k in result.rows[0])


def test_the_notebook_form_names_a_bad_argument(sweep_scenario: Path) -> None:
    with pytest.raises(simulator.InputError) as e:
        simulator.sample_sweep(sweep_scenario, "sobol", 6, {TURNOVER: (0.1, 0.4)})
    assert str(e.value) == "sample_sweep: n: Sobol' sampling needs N a power of two; use 4 or 8"
    with pytest.raises(simulator.InputError) as e:
        simulator.sample_sweep(sweep_scenario, "lhs", 30, {"behaviour.turnover": (0.1, 0.4)})
    assert str(e.value).startswith("sample_sweep: ranges.behaviour.turnover: no such field")


BLOCK = "sample: {{method: {method}, n: {n}, ranges: {{{ranges}}}{extra}}}\n"


def _block(method: str = "lhs", n: int = 30, ranges: str = f"{TURNOVER}: [0.1, 0.4]",
           extra: str = "") -> str:
    return BLOCK.format(method=method, n=n, ranges=ranges, extra=extra)


@pytest.mark.parametrize(
    ("body", "options", "line"),
    [
        (_block(ranges="behaviour.turnover_per_yer: [0.1, 0.3]"), [],
         "sample.ranges.behaviour.turnover_per_yer: no such field in the scenario"),
        (_block(ranges=f"{SPAM}: [0.3, 0.1]"), [],
         f"sample.ranges.{SPAM}: LOW (0.3) must be below HIGH (0.1)"),
        (_block(ranges=f"{SPAM}: [0.2, 0.2]"), [],
         f"sample.ranges.{SPAM}: LOW (0.2) must be below HIGH (0.2)"),
        (_block(ranges=f"{SPAM}: [0.5, 2]"), [], f"sample.ranges.{SPAM}: the range reaches "),
        (_block("sobol", 12), [],
         "sample.n: Sobol' sampling needs N a power of two; use 8 or 16"),
        (_block("morris", 1), [], "sample.n: morris needs N of at least 2"),
        (_block("grid"), [], "sample.method: use one of lhs, sobol, morris"),
        (_block(extra=", threshold: 1.5"), [],
         "sample.threshold: give an acknowledgement share between 0 and 1"),
        (_block(ranges=""), [], "sample.ranges: give at least one range"),
        (_block() + f"axes: {{{TURNOVER}: [0.1, 0.2]}}\n", [],
         "sample: a sweep file has grid axes or a sample, not both"),
        (_block() + "baseline: 0\n", [], "baseline: a sampled sweep has no baseline point"),
        (_block(), ["--vary", "check.deadline=48h,72h"],
         "sample: a sweep file with a sample has its design; drop --vary"),
        (_block(), ["--sample", "lhs", "40", "--range", f"{SPAM}=0:0.2"],
         "sample: the sweep file has its design; drop --sample, --range and --threshold"),
    ],
)
def test_a_bad_sample_block_is_one_line_naming_the_field_and_exit_2(
    sweep_scenario: Path, body: str, options: list[str], line: str
) -> None:
    path = _sweep_file(sweep_scenario, body)
    res = runner.invoke(app, ["sweep", str(path), *options, "--no-store"])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: {line}"), res.stderr
    assert "Traceback" not in res.output


def test_baseline_option_with_a_sample_block_is_one_line(sweep_scenario: Path) -> None:
    path = _sweep_file(sweep_scenario, _block())
    res = runner.invoke(app, ["sweep", str(path), "--baseline", "1", "--no-store"])
    assert res.exit_code == 2
    assert res.stderr.strip() == ("error: --baseline: a sampled sweep has no baseline point "
                                  "(its points are analysed together); drop --baseline")
