"""``pocdrill sweep --sample`` through the real command line: a stored sampled sweep with
its indices and rule, its report, and bad input as one located line with exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pocdrill.app import app

runner = CliRunner()
RANGES = ["--range", "behaviour.turnover_per_year=0.05:0.9", "--range", "behaviour.spam_loss=0:0.3"]


def _sweep(*args: str) -> Any:
    return runner.invoke(app, ["sweep", *args])


def test_a_sampled_sweep_prints_indices_and_a_rule_and_its_report_has_them(
    sweep_scenario: Path, sqlite_url: str, tmp_path: Path
) -> None:
    res = _sweep(str(sweep_scenario), "--sample", "morris", "3", *RANGES, "-r", "2", "-w", "1",
                 "--threshold", "0.8", "--db", sqlite_url, "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["design"]["method"] == "morris" and len(out["points"]) == 3 * 3
    s = out["sensitivity"]
    assert s["threshold"] == 0.8 and s["points_with_values"] == 9
    assert {i["parameter"] for i in s["indices"]} == {"behaviour.turnover_per_year",
                                                      "behaviour.spam_loss"}
    assert all(i["mu_star"]["ci95"] is not None for i in s["indices"])
    table = _sweep(str(sweep_scenario), "--sample", "morris", "3", *RANGES, "-r", "2", "-w",
                   "1", "--no-store")
    assert table.exit_code == 0 and "mu_star" in table.stdout
    assert ("ack share < 0.7" in table.stdout) or ("no point has an ack share" in table.stdout)
    report = tmp_path / "sweep.md"
    rep = runner.invoke(app, ["report", f"sweep:{out['sweep_id']}", "--db", sqlite_url,
                              "-o", str(report)])
    assert rep.exit_code == 0, rep.output
    text = report.read_text()
    assert "## Sensitivity and scenario discovery" in text
    assert "| Parameter | mu\\_star |" in text  # Markdown-escaped
    assert "chart-sweep-tornado" in text and "Scenario discovery: " in text


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--sample", "sobol", "12", *RANGES],
         "error: --sample: sobol 12: Sobol' sampling needs N a power of two; use 8 or 16"),
        (["--sample", "lhs", "40", "--range", "behaviour.turnover_per_yer=0.1:0.3"],
         "error: --range: behaviour.turnover_per_yer: no such field in the scenario"),
        (["--sample", "lhs", "40", "--range", "behaviour.spam_loss=0.3:0.1"],
         "error: --range: behaviour.spam_loss: LOW (0.3) must be below HIGH (0.1)"),
        (["--sample", "lhs", "40", "--range", "behaviour.spam_loss=0.5:2"],
         "error: --range: behaviour.spam_loss: the range reaches "),
        (["--sample", "lhs", "40", *RANGES, "--vary", "check.deadline=48h,72h"],
         "error: --vary: a sampled sweep draws its points from --range"),
        (["--sample", "lhs", "40"], "error: --range: (none): give at least one PATH=LOW:HIGH"),
        (RANGES, "error: --sample: --range and --threshold need --sample"),
        (["--sample", "morris", "1", *RANGES], "error: --sample: morris 1: morris needs N"),
        (["--sample", "lhs", "40", *RANGES, "--threshold", "0"], "error: --threshold: 0: give"),
        (["--sample", "lhs", "40", *RANGES, "--baseline", "1"],
         "error: --baseline: a sampled sweep has no baseline point"),
    ],
)
def test_bad_sampling_input_is_one_line_and_exit_2(
    sweep_scenario: Path, args: list[str], line: str
) -> None:
    res = _sweep(str(sweep_scenario), *args, "--no-store")
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(line), res.stderr
    assert "Traceback" not in res.output


def test_a_sweep_file_with_sample_is_one_line_and_exit_2(sweep_scenario: Path) -> None:
    sweep_file = sweep_scenario.parent / "grid.yaml"
    sweep_file.write_text(f"scenario: {sweep_scenario.name}\n"
                          "axes: {behaviour.turnover_per_year: [0.1, 0.2]}\n", encoding="utf-8")
    res = _sweep(str(sweep_file), "--sample", "lhs", "40", *RANGES, "--no-store")
    assert res.exit_code == 2
    assert res.stderr.strip() == (f"error: {sweep_file}: axes: a sweep file has grid axes; "
                                  "sample a scenario file with --range, or give the sweep "
                                  "file a sample: block instead of axes")
