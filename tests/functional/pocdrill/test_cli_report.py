"""``pocdrill report`` through the real command line, on a fresh SQLite store per test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pocdrill.app import app
from results.store import Store
from tests.report_support import CHECK_ROWS, TABLETOP_TEXT, check_run, tabletop_run

runner = CliRunner()
TEXT = "name: Test check\ndirectory: {profile: osce, seed: 7}\n"
EMAIL = re.compile(r"@[A-Za-z0-9-]+\.[A-Za-z]{2,}")  # anchored on "@": linear time
PHONE = re.compile(r"\+\d{2}[\d ]{6,}")


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, dict[str, int]]:
    url = f"sqlite:///{tmp_path}/r.db"
    with Store(url) as store:
        ids = {
            "check": store.record_run(
                check_run(),
                scenario_text=TEXT,
                contact_details={
                    "EE/policy": {
                        "name": "Erika Example",
                        "email": "erika@example.org",
                        "phone": "+00 30 5550123",
                    }
                },
            ),
            "tabletop": store.record_run(tabletop_run(), scenario_text=TABLETOP_TEXT),
        }
        rows = [(c, g, 1.0 if a is None else a, d, s) for c, g, a, d, s in CHECK_ROWS]
        ids["later"] = store.record_run(check_run(rows, seed=5), scenario_text=TEXT)
    return url, ids


def _run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["report", *args])
    return r.exit_code, r.stdout, r.stderr


def test_html_report_is_written_with_sections_and_charts(
    db: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    url, ids = db
    out = tmp_path / "aar.html"
    code, _, err = _run(str(ids["tabletop"]), "-o", str(out), "--db", url)
    assert code == 0, err
    h = out.read_text()
    for title in (
        "Overview",
        "Objectives",
        "Timeline",
        "Strengths",
        "Areas for improvement",
        "Improvement plan",
        "Contacts to fix",
        "Expectation scorecard",
    ):
        assert f"<h2>{title}</h2>" in h
    for cid in ("chart-cumulative", "chart-timeline", "chart-scorecard"):
        assert re.search(rf'<figure class="chart" id="{cid}"><svg', h)
    assert "http://" not in h and "https://" not in h


def test_markdown_to_stdout_and_redacted_file(
    db: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    url, ids = db
    code, out, _ = _run(str(ids["check"]), "--db", url)
    assert code == 0
    assert out.startswith("# After-action report: Test check")
    assert "erika@example.org" in out  # stored, not redacted
    assert "| Acknowledged within the deadline | 62.5% (5 of 8) |" in out
    md = tmp_path / "aar.md"
    code, _, _ = _run(str(ids["check"]), "-o", str(md), "--redact", "--db", url)
    assert code == 0
    # charts are base64 data URIs: '+' and digits there are not phone numbers
    text = re.sub(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", "", md.read_text())
    assert "## Contacts to fix" in text and "EE/policy" in text
    assert not EMAIL.search(text) and not PHONE.search(text) and "Erika" not in text


def test_missing_run_and_bad_arguments_exit_2(
    db: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    url, ids = db
    code, _, err = _run("99", "--db", url)
    assert code == 2 and err.strip() == f"error: no run 99 in {url}"
    code, _, err = _run(str(ids["check"]), "-o", str(tmp_path / "r.pdf"), "--db", url)
    assert code == 2 and "must end in .html or .md" in err
    code, _, err = _run("--compare", str(ids["check"]), "--db", url)
    assert code == 2 and "at least two" in err
    code, _, err = _run("--compare", str(ids["check"]), "98", "--db", url)
    assert code == 2 and "no run 98" in err
    code, _, err = _run("--trend", "No such scenario", "--db", url)
    assert code == 2 and "no completed run of scenario" in err
    code, _, err = _run("abc", "--db", url)
    assert code == 2 and "is not a run id" in err


def test_compare_and_trend(db: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    url, ids = db
    out = tmp_path / "cmp.md"
    code, _, err = _run(
        "--compare", str(ids["check"]), str(ids["later"]), "-o", str(out), "--db", url
    )
    assert code == 0, err
    text = out.read_text()
    # later: everyone at their old time, EE and GG now at 1 h -> improved; FF 80 h unchanged
    assert "| EE | State EE | never | 1.0 h | never -> in time |" in text
    assert "| GG | State GG | never | 1.0 h | never -> in time |" in text
    assert "Fell back: none." in text
    assert "<!-- chart: chart-compare-curves -->" in text
    code, out_text, _ = _run("--trend", "Test check", "--db", url)
    assert code == 0
    assert out_text.startswith("# Trend: Test check")
    assert "| FF | late | late |" in out_text


def test_sweep_report(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/r.db"
    with Store(url) as store:
        sid = store.create_sweep(
            name="turnover",
            scenario_text=TEXT,
            axes={"behaviour.turnover_per_year": [0.1, 0.3]},
            replications=3,
            base_seed=1,
            scenario="Test check",
            points=[{"behaviour.turnover_per_year": 0.1}, {"behaviour.turnover_per_year": 0.3}],
        )
        store.add_replication_summaries(
            sid,
            [
                {
                    "point": p,
                    "replication": k,
                    "seed": k,
                    "metrics": {
                        "participants": 10,
                        "ack_rate": rate,
                        "completion_rate": rate / 2,
                        "median_hours_to_ack": 5.0,
                    },
                }
                for p, rates in ((0, (0.8, 0.9, 1.0)), (1, (0.5, 0.7, 0.6)))
                for k, rate in enumerate(rates)
            ],
        )
    out = tmp_path / "sweep.html"
    code, _, err = _run(f"sweep:{sid}", "-o", str(out), "--db", url)
    assert code == 0, err
    h = out.read_text()
    # point 0: 27 of 30 participant-replications, design effect 1.11 between the three
    # replications -> the cluster-aware Wilson interval 73.3% to 96.7% (Student's t gave
    # 65.2% to 114.8%, shown clipped to 100%)
    # no point marked at creation: point 0 is the baseline, as in ``pocdrill sweep``
    assert (
        '<tr data-key="point:0"><td>0 (baseline)</td><td>behaviour.turnover_per_year=0.1</td>'
        "<td>3</td><td>90.0%</td><td>73.3% to 96.7%</td>" in h
    )
    assert "<td>60.0%</td>" in h
    # point 1 - point 0 paired by replication: -0.3, -0.2, -0.4 -> mean -0.3, sd 0.1,
    # t(2) = 4.303 -> -30.0 pp, -54.8 to -5.2 pp
    row1 = re.search(r'<tr data-key="point:1">(.*?)</tr>', h)
    assert row1 and row1.group(1).endswith("<td>-30.0 pp</td><td>-54.8 to -5.2 pp</td>")
    assert "<th>Acknowledged vs baseline</th>" in h
    assert re.search(r'<figure class="chart" id="chart-sweep"><svg', h)
    code, _, err = _run("--sweep", "77", "--db", url)
    assert code == 2 and "77" in err


def test_compare_of_different_scenarios_warns(db: tuple[str, dict[str, int]]) -> None:
    url, ids = db
    code, out, err = _run("--compare", str(ids["check"]), str(ids["tabletop"]), "--db", url)
    assert code == 0, err
    warning = (f"runs of different scenarios: Test check (run {ids['check']}); "
               f"Test tabletop (run {ids['tabletop']})")
    assert f"warning: {warning}" in err
    assert f"Warning: {warning}." in out
    code, _, err = _run("--compare", str(ids["check"]), str(ids["later"]), "--db", url)
    assert code == 0 and "warning" not in err


def test_compare_refuses_a_run_given_twice_and_a_negative_threshold(
    db: tuple[str, dict[str, int]],
) -> None:
    url, ids = db
    run = str(ids["check"])
    code, _, err = _run("--compare", run, run, "--db", url)
    assert code == 2 and err.strip() == (
        "error: --compare: a run is given twice; give different runs, e.g. --compare 3 7")
    code, _, err = _run("--compare", run, str(ids["later"]), "--threshold", "-5", "--db", url)
    assert code == 2 and "--threshold" in err
