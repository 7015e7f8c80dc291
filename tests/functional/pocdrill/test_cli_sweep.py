"""``pocdrill sweep`` through the real command line: the JSON table, storing, errors,
Ctrl-C and resume, export, and a Dask cluster giving the same numbers."""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import simulator.sweep as sweep_mod
from pocdrill.app import app
from results.store import Store
from simulator.sweep import plan_sweep, run_sweep
from tests.sweep_support import write_scenario

runner = CliRunner()
VARY = ["--vary", "behaviour.turnover_per_year=0.1,0.5", "--vary", "check.reminders=[],[12h,36h]"]
RUN_JSON_METRICS = {
    "ack_rate",
    "completion_rate",
    "median_hours_to_ack",
    "p90_hours_to_ack",
    "median_hours_to_complete",
    "ack_rate_ci95",
    "completion_rate_ci95",
}


def _sweep(*args: str) -> Any:
    return runner.invoke(app, ["sweep", *args])


def _points(out: dict[str, Any]) -> list[dict[str, Any]]:
    return out["points"]


def test_sweep_json_has_run_metrics_and_is_stored(sweep_scenario: Path, sqlite_url: str) -> None:
    path = sweep_scenario
    db = sqlite_url
    res = _sweep(
        str(path),
        *VARY,
        "-r",
        "4",
        "--seed",
        "3",
        "--workers",
        "1",
        "--db",
        db,
        "--json",
        "--baseline",
        "1",
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["replications"] == 4 and out["seed"] == 3 and out["baseline"] == 1
    assert out["axes"] == {
        "behaviour.turnover_per_year": [0.1, 0.5],
        "check.reminders": [[], ["12h", "36h"]],
    }
    points = _points(out)
    assert [p["params"]["behaviour.turnover_per_year"] for p in points] == [0.1, 0.1, 0.5, 0.5]
    for p in points:
        assert RUN_JSON_METRICS <= set(p)
        d, lo, hi = p["ack_rate_diff_vs_baseline"]
        assert lo <= d <= hi
    assert points[1]["ack_rate_diff_vs_baseline"] == [0.0, 0.0, 0.0]
    # more turnover: fewer acknowledgements, and the paired interval says so
    assert points[3]["ack_rate_diff_vs_baseline"][2] < 0
    with Store(db) as store:
        info = store.get_sweep(out["sweep_id"])
        assert info.status == "completed" and info.replications == 4
        assert [r["params"] for r in info.point_rows] == [p["params"] for p in points]
        agg = info.point_rows[2]["aggregates"]
        assert (
            agg["ack_rate"] == points[2]["ack_rate"]
            and info.point_rows[1]["aggregates"]["baseline"]
        )
        assert len(store.replication_summaries(out["sweep_id"])) == 16


@pytest.mark.usefixtures("sweep_scenario")
def test_table_output_and_sweep_file_form(tmp_path: Path) -> None:
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text(
        "name: deadlines\nscenario: check.yaml\nreplications: 2\n"
        "axes:\n  check.deadline: [24h, 72h]\n"
    )
    res = _sweep(str(sweep_file), "--workers", "1", "--no-store")
    assert res.exit_code == 0, res.output
    assert "deadlines" in res.stdout and "baseline" in res.stdout
    assert "check.deadline" not in res.stdout and "deadline" in res.stdout  # short label
    explicit = _sweep("run", str(sweep_file), "--workers", "1", "--no-store", "--json")
    assert explicit.exit_code == 0
    assert [p["params"] for p in json.loads(explicit.stdout)["points"]] == [
        {"check.deadline": "24h"},
        {"check.deadline": "72h"},
    ]
    both = _sweep(str(sweep_file), "--vary", "check.deadline=48h", "--no-store")
    assert both.exit_code == 2 and "drop --vary" in both.stderr


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["--vary", "check.remindrs=[24h]"],
            "error: --vary: check.remindrs: no such field in the scenario",
        ),
        (
            ["--vary", "behaviour.turnover_per_year=0.1,2"],
            "error: --vary: behaviour.turnover_per_year: value 2 is not valid",
        ),
        (["--vary", "check.reminders"], "error: --vary: check.reminders: write PATH=V1,V2"),
        ([], "error: --vary: give at least one axis"),
        (["--vary", "check.deadline=24h", "--scheduler", "nowhere"], "error: --scheduler:"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(sweep_scenario: Path, args: list[str], line: str) -> None:
    path = sweep_scenario
    res = _sweep(str(path), *args, "--no-store")
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(line), res.stderr
    assert "Traceback" not in res.output


def test_interrupted_sweep_resumes_to_the_uninterrupted_table(
    sweep_scenario: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sweep_scenario
    db = sqlite_url
    common = [str(path), *VARY, "-r", "5", "--seed", "11", "--batch-size", "2"]
    whole = _sweep(*common, "--workers", "2", "--no-store", "--json")
    assert whole.exit_code == 0, whole.output
    expected = json.loads(whole.stdout)

    real = sweep_mod.run_sweep

    def interrupted(plan: Any, **kw: Any) -> Any:
        store_rows = kw["on_rows"]
        seen = 0

        def on_rows(rows: list[dict[str, Any]]) -> None:
            nonlocal seen
            store_rows(rows)
            seen += len(rows)
            if seen >= 7:
                raise KeyboardInterrupt

        return real(plan, **{**kw, "on_rows": on_rows})

    monkeypatch.setattr(sweep_mod, "run_sweep", interrupted)
    cut = _sweep(*common, "--workers", "1", "--db", db)
    assert cut.exit_code == 130
    with Store(db) as store:
        (info,) = store.list_sweeps()
        stored = len(store.done_replications(info.id))
        assert info.status == "interrupted"
    assert 7 <= stored < 20
    assert cut.stderr.strip().splitlines()[-1] == (
        f"sweep {info.id} interrupted: {stored} of 20 replications stored; "
        f"resume with: pocdrill sweep resume {info.id}"
    )
    monkeypatch.setattr(sweep_mod, "run_sweep", real)

    resumed = _sweep("resume", str(info.id), "--db", db, "--workers", "2", "--json")
    assert resumed.exit_code == 0, resumed.output
    out = json.loads(resumed.stdout)
    assert out["sweep_id"] == info.id
    assert out["points"] == expected["points"]
    with Store(db) as store:
        assert store.get_sweep(info.id).status == "completed"
        assert len(store.done_replications(info.id)) == 20
    missing = _sweep("resume", "99", "--db", db)
    assert missing.exit_code == 2 and "no sweep 99" in missing.stderr


def test_export_a_sweep_as_csv_and_parquet(
    tmp_path: Path, sweep_scenario: Path, sqlite_url: str
) -> None:
    import pyarrow.parquet as pq

    path = sweep_scenario
    db = sqlite_url
    res = _sweep(
        str(path),
        "--vary",
        "check.deadline=24h,72h",
        "-r",
        "3",
        "--workers",
        "1",
        "--db",
        db,
        "--json",
    )
    sid = json.loads(res.stdout)["sweep_id"]
    out_csv = tmp_path / "s.csv"
    ex = runner.invoke(
        app,
        ["results", "export", f"sweep:{sid}", "--format", "csv", "-o", str(out_csv), "--db", db],
    )
    assert ex.exit_code == 0, ex.output
    rows = list(csv.DictReader(out_csv.open()))
    assert [(int(r["point"]), int(r["replication"])) for r in rows] == [
        (p, k) for p in (0, 1) for k in range(3)
    ]
    assert {r["param.check.deadline"] for r in rows} == {"24h", "72h"}
    with Store(db) as store:
        stored = {
            (r["point"], r["replication"]): r["metrics"]["ack_rate"]
            for r in store.replication_summaries(sid)
        }
    assert all(float(r["ack_rate"]) == stored[int(r["point"]), int(r["replication"])] for r in rows)
    out_pq = tmp_path / "s.parquet"
    ex = runner.invoke(
        app,
        [
            "results",
            "export",
            str(sid),
            "--sweep",
            "--format",
            "parquet",
            "-o",
            str(out_pq),
            "--db",
            db,
        ],
    )
    assert ex.exit_code == 0, ex.output
    table = pq.read_table(out_pq).to_pylist()
    assert len(table) == 6 and table[4]["ack_rate"] == stored[1, 1]


def test_dask_local_cluster_gives_the_same_rows(tmp_path: Path, sweep_scenario: Path) -> None:
    path = sweep_scenario
    axes = {"behaviour.turnover_per_year": [0.1, 0.5], "check.reminders": [[], ["12h", "36h"]]}
    plan = plan_sweep(path.read_text(), axes, replications=3, seed=7, base_dir=tmp_path)
    local = run_sweep(plan, workers=1)
    dask = run_sweep(plan, workers=2, scheduler="local", batch_size=2)
    assert dask.executor == "dask"
    assert dask.rows == local.rows


def _free_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_scheduler_is_one_line_exit_2_and_stores_nothing(
    sweep_scenario: Path, sqlite_url: str
) -> None:
    path = sweep_scenario
    db = sqlite_url
    address = f"tcp://127.0.0.1:{_free_port()}"
    common = ["--scheduler", address, "--connect-timeout", "0.5", "--db", db]
    res = _sweep(str(path), "--vary", "check.deadline=24h,72h", "-r", "2", *common)
    assert res.exit_code == 2, res.output
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot reach the Dask scheduler at {address}: ")
    assert line.endswith("; start one or use --scheduler local")
    assert "Traceback" not in res.output
    with Store(db) as store:
        assert store.list_sweeps() == []  # connected first: no sweep left "running"
    # resuming through it leaves the stored sweep as it was
    done = _sweep(str(path), "--vary", "check.deadline=24h", "-r", "1", "-w", "1", "--db", db)
    assert done.exit_code == 0, done.output
    with Store(db) as store:
        (info,) = store.list_sweeps()
    again = _sweep("resume", str(info.id), *common)
    assert again.exit_code == 2 and again.stderr.startswith("error: cannot reach")
    with Store(db) as store:
        assert store.get_sweep(info.id).status == "completed"


def test_sweep_list_shows_progress_and_results_list_has_a_line_per_sweep(
    tmp_path: Path, sweep_scenario: Path, sqlite_url: str
) -> None:
    from results.runs.sweep_record import add_rows, start_sweep

    path = sweep_scenario
    db = sqlite_url
    empty = runner.invoke(app, ["sweep", "list", "--db", db])
    assert empty.exit_code == 0 and empty.stderr.strip() == f"no sweeps in {db}"
    assert json.loads(runner.invoke(app, ["sweep", "list", "--db", db, "--json"]).stdout) == []
    res = _sweep(str(path), "--vary", "check.deadline=24h,72h", "-r", "2", "-w", "1", "--db", db)
    assert res.exit_code == 0, res.output
    # a second sweep, cut short after 3 of its 8 replications
    plan = plan_sweep(
        path.read_text(), {"check.reminders": [[], ["12h"]]}, replications=4, base_dir=tmp_path
    )
    with Store(db) as store:
        cut = start_sweep(store, plan)
        add_rows(store, cut, run_sweep(plan, workers=1).rows[:3])
        store.finish_sweep(cut, status="interrupted")

    listed = runner.invoke(app, ["sweep", "list", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [r["id"] for r in rows] == [cut, cut - 1]  # newest first
    assert [
        (r["status"], r["points"], r["replications_done"], r["replications_planned"]) for r in rows
    ] == [("interrupted", 2, 3, 8), ("completed", 2, 4, 4)]
    assert rows[0]["scenario"] == "sweep test check" and rows[0]["created_at"]
    table = runner.invoke(app, ["sweep", "list", "--db", db])
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    (row,) = [ln for ln in lines if "interrupted" in ln]
    assert "3/8" in row and f" {cut} " in row
    assert "pocdrill sweep resume" in table.stderr

    runs = runner.invoke(app, ["results", "list", "--db", db])  # one line per sweep
    assert runs.exit_code == 0 and runs.stderr == ""
    listed_ids = [ln.split()[0] for ln in runs.stdout.splitlines() if "sweep:" in ln]
    assert listed_ids == [f"sweep:{cut}", f"sweep:{cut - 1}"]


def _children(pid: int) -> set[int]:
    """Pids of the processes whose parent is ``pid`` (psutil if installed, else /proc)."""
    try:
        import psutil
    except ModuleNotFoundError:
        out = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:  # gone meanwhile
                continue
            if int(text.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(stat.parent.name))
        return out
    try:
        return {p.pid for p in psutil.Process(pid).children()}
    except psutil.NoSuchProcess:
        return set()


def _running(pid: int) -> bool:
    """``pid`` exists and is not a zombie (an orphan's zombie waits for init to reap it)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] not in ("Z", "X")


def _sweep_under_way(tmp_path: Path) -> tuple[Any, set[int], Path, Path]:
    """A real 2-worker ``pocdrill sweep`` process, once it has stored 10 replications:
    (the process, its worker pids, the database file, the scenario)."""
    import sqlite3
    import subprocess
    import sys
    import time

    path = write_scenario(tmp_path)
    dbfile = tmp_path / "r.db"
    args = ["--vary", "behaviour.turnover_per_year=0.1,0.5", "-r", "300", "--seed", "5"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pocdrill", "sweep", str(path), *args, "--workers", "2",
         "--batch-size", "5", "--db", f"sqlite:///{dbfile}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: set[int] = set()
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:  # a condition, not a time
        workers |= _children(proc.pid)
        if dbfile.exists():
            try:
                with sqlite3.connect(dbfile) as con:
                    stored = con.execute("select count(*) from replication_summaries").fetchone()[0]
            except sqlite3.OperationalError:  # not created yet, or locked
                pass
        if stored >= 10 and len(workers) >= 2:
            break
        time.sleep(0.01)
    workers |= _children(proc.pid)
    if proc.poll() is not None:
        raise AssertionError("the sweep ended before it could be killed")
    return proc, workers, dbfile, path


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_sigkilled_sweep_leaves_no_workers_and_resumes_to_the_same_table(tmp_path: Path) -> None:
    import os
    import signal
    import time

    axes = {"behaviour.turnover_per_year": [0.1, 0.5]}
    proc, workers, dbfile, path = _sweep_under_way(tmp_path)
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert len(workers) >= 2
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_running(w) for w in workers):
        time.sleep(0.05)
    survivors = [w for w in workers if _running(w)]
    for w in survivors:  # do not leave them behind when the test fails
        if b"pocdrill" in Path(f"/proc/{w}/cmdline").read_bytes():
            os.kill(w, signal.SIGKILL)
    assert not survivors, "pool workers outlived their parent"

    with Store(f"sqlite:///{dbfile}") as store:
        (info,) = store.list_sweeps()
        # SIGKILL: nobody could mark it, but the next store opened sees its process gone
        assert info.status == "interrupted" and store.recovered_sweeps == [info.id]
        assert 10 <= len(store.done_replications(info.id)) < 600
    resumed = _sweep("resume", str(info.id), "--db", f"sqlite:///{dbfile}", "-w", "2", "--json")
    assert resumed.exit_code == 0, resumed.output
    plan = plan_sweep(path.read_text(), axes, replications=300, seed=5, base_dir=tmp_path)
    out = json.loads(resumed.stdout)
    engine = out["engine"]  # the engine it began with (auto: the vector engine, here)
    whole = sweep_mod.sweep_json(plan, run_sweep(
        plan, workers=2, task=functools.partial(sweep_mod.run_batch, engine=engine)).rows)
    assert out["points"] == whole["points"]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_killed_worker_stops_the_sweep_with_one_line_and_keeps_it_resumable(
    tmp_path: Path,
) -> None:
    import os
    import signal

    proc, workers, dbfile, _ = _sweep_under_way(tmp_path)
    try:
        os.kill(min(workers), signal.SIGKILL)  # e.g. the kernel's OOM killer
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1, err
    line = err.strip().splitlines()[-1]
    assert line.startswith("error: sweep 1 stopped: ") and "pocdrill sweep resume 1" in line
    assert "Traceback" not in err
    with Store(f"sqlite:///{dbfile}") as store:
        (info,) = store.list_sweeps()
        assert info.status == "interrupted"
        done = len(store.done_replications(info.id))
    assert f"; {done} of 600 replications stored" in line


def test_resume_refuses_a_directory_changed_since_the_start(
    tmp_path: Path, sweep_scenario: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simulator.io.directory_files import load_directory, save_directory

    path = sweep_scenario
    db = sqlite_url
    real = sweep_mod.run_sweep

    def interrupted(plan: Any, **kw: Any) -> Any:
        def on_rows(rows: list[dict[str, Any]]) -> None:
            kw["on_rows"](rows)
            raise KeyboardInterrupt

        return real(plan, **{**kw, "on_rows": on_rows})

    monkeypatch.setattr(sweep_mod, "run_sweep", interrupted)
    cut = _sweep(str(path), *VARY, "-r", "4", "--batch-size", "2", "--workers", "1", "--db", db)
    assert cut.exit_code == 130
    monkeypatch.setattr(sweep_mod, "run_sweep", real)
    with Store(db) as store:
        (info,) = store.list_sweeps()
        before = store.done_replications(info.id)
    # someone edits the directory file meanwhile: one State moves to another time zone
    small = tmp_path / "small.yaml"
    d = load_directory(small)
    first = d.participants[0].model_copy(update={"timezone": "Pacific/Auckland"})
    save_directory(d.model_copy(update={"participants": [first, *d.participants[1:]]}), small)
    refused = _sweep("resume", str(info.id), "--db", db, "--workers", "1")
    assert refused.exit_code == 2
    (line,) = refused.stderr.strip().splitlines()
    assert line.startswith(f"error: sweep {info.id}: directory: the scenario's directory has "
                           "changed since the sweep started")
    with Store(db) as store:
        assert store.done_replications(info.id) == before  # nothing mixed in
