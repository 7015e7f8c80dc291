"""SIGINT, SIGTERM and SIGKILL at many moments of ``pocdrill sweep`` and ``pocdrill run -r N``
(issue 14): the moment is the command's Nth store write (its creation, a batch of rows, its
completion), just before, inside or just after it (:mod:`tests.signal_support`), never a
sleep.

Whatever the moment: Ctrl-C ends the command with one line saying what was kept and how
to resume, exit status 130 (SIGTERM: the same line, 143), no traceback; SIGKILL leaves the
sweep or study to be marked interrupted by the next store opened (or, killed inside its
creation, no sweep at all). The store holds whole batches only, and resuming, from another
folder, gives the table an uninterrupted run with the same seed gives. A signal that
lands as the last write completes the command comes too late: it completes.
"""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path
from typing import Any

import pytest

from pocdrill.exit_status import EXIT_INTERRUPTED, EXIT_TERMINATED
from results.store import Store
from tests.cli_support import invoke
from tests.signal_support import Signalled, When, signal_at_write
from tests.sweep_support import write_scenario

INT, TERM, KILL = signal.SIGINT, signal.SIGTERM, signal.SIGKILL
STATUS = {INT: EXIT_INTERRUPTED, TERM: EXIT_TERMINATED, KILL: -KILL}
BATCH = 2
# 2 points x 6 replications in batches of 2, measured against point 1 (a lost baseline
# marker would show as differences against point 0). Writes: 1 the sweep's creation,
# 2-7 the six batches, 8 its completion.
SWEEP = ["--vary", "behaviour.turnover_per_year=0.1,0.5", "-r", "6", "--seed", "11",
         "--batch-size", str(BATCH), "--baseline", "1", "--workers", "1"]
SWEEP_TOTAL, SWEEP_WRITES = 12, 8
# 7 replications: 1 the study's creation, 2 replication 0, 3-5 three batches of 2, 6 its
# completion.
STUDY = ["-r", "7", "--seed", "5", "--workers", "1", "--engine", "simpy"]  # its batches
STUDY_WRITES = 6

Case = tuple[int, When, signal.Signals]
SWEEP_CASES: list[Case] = [
    (1, "inside", INT), (3, "before", INT), (5, "after", INT), (SWEEP_WRITES, "inside", INT),
    (1, "after", TERM), (4, "inside", TERM), (SWEEP_WRITES, "before", TERM),
    (1, "inside", KILL), (4, "after", KILL),
]
SWEEP_PG_CASES: list[Case] = [(3, "inside", INT), (1, "after", TERM), (4, "inside", KILL)]
STUDY_CASES: list[Case] = [
    (1, "inside", INT), (3, "after", INT), (2, "inside", TERM), (STUDY_WRITES, "before", TERM),
    (4, "inside", KILL),
]
STUDY_PG_CASES: list[Case] = [(3, "after", INT), (4, "inside", KILL)]


def _cases(sqlite: list[Case], pg: list[Case]) -> list[Any]:
    marks = [pytest.mark.postgres]
    return ([pytest.param("sqlite", *c, id=f"sqlite-{c[0]}-{c[1]}-{c[2].name}")
             for c in sqlite]
            + [pytest.param("postgres", *c, marks=marks, id=f"postgres-{c[0]}-{c[1]}-{c[2].name}")
               for c in pg])


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sweep's points and the study's figures, run without a store or a signal."""
    folder = tmp_path_factory.mktemp("whole")
    scenario = str(write_scenario(folder))
    sweep = invoke("sweep", scenario, *SWEEP, "--no-store", "--json")
    study = invoke("run", scenario, *STUDY, "--no-store", "--json")
    assert sweep.code == 0 and study.code == 0, sweep.err + study.err
    return {"sweep": json.loads(sweep.out)["points"], "study": _figures(json.loads(study.out))}


def _figures(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k not in ("study_id", "database")}


def _url(request: pytest.FixtureRequest, backend: str) -> str:
    return str(request.getfixturevalue(f"{backend}_url"))


def _one_line(ended: Signalled, signum: signal.Signals) -> str:
    assert ended.returncode == STATUS[signum], ended.stderr
    assert "Traceback" not in ended.stderr
    if signum == KILL:
        return ""
    (line,) = ended.err_lines
    return line


@pytest.mark.parametrize(("backend", "nth", "when", "signum"),
                         _cases(SWEEP_CASES, SWEEP_PG_CASES))
def test_a_signalled_sweep_keeps_whole_batches_and_resumes_to_the_same_table(
    backend: str, nth: int, when: When, signum: signal.Signals, tmp_path: Path,
    request: pytest.FixtureRequest, uninterrupted: dict[str, Any],
) -> None:
    url = _url(request, backend)
    scenario = write_scenario(tmp_path)
    ended = signal_at_write(["sweep", str(scenario), *SWEEP, "--db", url],
                            nth=nth, when=when, signum=signum)
    if nth == SWEEP_WRITES and signum != KILL:  # too late: the sweep completes
        assert ended.returncode == 0, ended.stderr
        with Store(url) as store:
            assert ended.err_lines[-1].endswith(f"stored as sweep 1 in {store.display_url}")
            assert store.get_sweep(1).status == "completed"
        return
    line = _one_line(ended, signum)
    if (nth, when, signum) == (1, "inside", KILL):  # killed mid-creation: rolled back whole
        with Store(url) as store:
            assert store.list_sweeps() == [] and store.recovered_sweeps == []
        return
    with Store(url) as store:
        (info,) = store.list_sweeps()
        stored = len(store.done_replications(info.id))
        assert info.status == "interrupted"
        assert store.recovered_sweeps == ([info.id] if signum == KILL else [])
    assert stored % BATCH == 0 and stored < SWEEP_TOTAL  # whole batches, never half of one
    if signum != KILL:
        assert line == (f"sweep {info.id} interrupted: {stored} of {SWEEP_TOTAL} replications "
                        f"stored; resume with: pocdrill sweep resume {info.id}")
    elsewhere = tmp_path / "elsewhere"  # the marker says where the directory file is
    elsewhere.mkdir()
    resumed = invoke("sweep", "resume", str(info.id), "--db", url, "--json", cwd=elsewhere)
    assert resumed.code == 0, resumed.err
    assert json.loads(resumed.out)["points"] == uninterrupted["sweep"]


@pytest.mark.parametrize(("backend", "nth", "when", "signum"),
                         _cases(STUDY_CASES, STUDY_PG_CASES))
def test_a_signalled_study_keeps_whole_batches_and_resumes_to_the_same_figures(
    backend: str, nth: int, when: When, signum: signal.Signals, tmp_path: Path,
    request: pytest.FixtureRequest, uninterrupted: dict[str, Any],
) -> None:
    url = _url(request, backend)
    scenario = write_scenario(tmp_path)
    ended = signal_at_write(["run", str(scenario), *STUDY, "--db", url],
                            nth=nth, when=when, signum=signum)
    if nth == STUDY_WRITES and signum != KILL:  # too late: the study completes
        assert ended.returncode == 0, ended.stderr
        with Store(url) as store:
            assert ended.err_lines[-1] == f"stored as study 1 in {store.display_url}"
            assert store.get_study(1).status == "completed"
        return
    line = _one_line(ended, signum)
    with Store(url) as store:
        (info,) = store.list_studies()
        stored = sorted(store.done_study_replications(info.id))
        assert info.status == "interrupted"
        assert store.recovered_studies == ([info.id] if signum == KILL else [])
    # replication 0 alone, then whole batches of 2
    assert stored == list(range(len(stored))) and len(stored) in (0, 1, 3, 5)
    if signum != KILL:
        assert re.fullmatch(
            rf"interrupted after {len(stored)} of 7 replications; {len(stored)} replications "
            rf"are stored complete in study {info.id}; complete it with: pocdrill run "
            rf"--resume {info.id}", line), line
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    resumed = invoke("run", "--resume", str(info.id), "--db", url, "--json", cwd=elsewhere)
    assert resumed.code == 0, resumed.err
    assert _figures(json.loads(resumed.out)) == uninterrupted["study"]


@pytest.mark.parametrize(("nth", "when", "signum"), [(1, "inside", TERM), (2, "inside", KILL)],
                         ids=["TERM-at-start", "KILL-inside-finish"])
def test_a_signalled_single_run_is_stored_whole_or_marked_interrupted(
    nth: int, when: When, signum: signal.Signals, tmp_path: Path, sqlite_url: str
) -> None:
    """One run: writes 1 (it starts, ``running``) and 2 (its result) are held together, so
    SIGTERM lands once it is stored complete; SIGKILL inside 2 leaves it running, for the
    next store to mark."""
    scenario = write_scenario(tmp_path)
    ended = signal_at_write(["run", str(scenario), "--db", sqlite_url],
                            nth=nth, when=when, signum=signum)
    line = _one_line(ended, signum)
    with Store(sqlite_url) as store:
        (run,) = store.list_runs()
        if signum == KILL:
            assert store.recovered == [run.id] and run.status == "interrupted"
        else:
            assert run.status == "completed"
            assert line == f"interrupted after 1 of 1 replications; run {run.id} is stored complete"
