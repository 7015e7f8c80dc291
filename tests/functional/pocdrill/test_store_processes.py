"""Several OS processes on one store: concurrent writers, and a writer killed mid-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from sqlalchemy import create_engine
from typer.testing import CliRunner

from pocdrill.app import app
from results.store import Store
from tests import ROOT
from tests.store_support import count_rows, make_result

WRITER = """
import sys
from results.store import Store
from simulator.model.outcome import Event
from tests.store_support import make_result

url, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = Store(url)
live = store.start_run(scenario=f"live-{tag}", scenario_text="x", seed=0, mode="live")
print("ready", flush=True)
sys.stdin.readline()  # both writers start together
ids = []
for k in range(n):
    ids.append(store.record_run(make_result(scenario=f"writer-{tag}", seed=k, n_events=2000),
                                scenario_text="x"))
    store.append_events(live, [Event(k + i / 100, "note", None, None, None, tag)
                               for i in range(50)])
store.complete_run(live, {"tag": tag})
print(" ".join(map(str, [live, *ids])), flush=True)
"""

DOOMED = """
import sys
from results.store import Store
from simulator.model.outcome import Event

store = Store(sys.argv[1])
rid = store.start_run(scenario="doomed", scenario_text="x", seed=1, mode="live")
k = 0
while True:  # keep writing until killed: batches of 1000 events, one transaction each
    store.append_events(rid, [Event(k + i / 1000, "note", None, None, None, "x")
                              for i in range(1000)])
    if k == 0:
        print(rid, flush=True)
    k += 1
"""


def _spawn(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_two_processes_write_at_once(store_url: str) -> None:
    Store(store_url).close()  # schema in place before the race
    n = 6
    writers = [_spawn(WRITER, store_url, tag, str(n)) for tag in ("a", "b")]
    for w in writers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    for w in writers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    outputs = [w.communicate(timeout=300) for w in writers]
    for w, (_out, err) in zip(writers, outputs, strict=True):
        assert w.returncode == 0, err
    expected = make_result(n_events=2000)
    with Store(store_url) as store:
        for tag, (out, _) in zip(("a", "b"), outputs, strict=True):
            live, *ids = map(int, out.split())
            assert len(ids) == n
            assert [r.id for r in store.scenario_history(f"writer-{tag}")] == ids
            for k, rid in enumerate(ids):
                got = store.load_result(rid)
                assert got.seed == k
                assert got.events == expected.events
                assert got.participants == expected.participants
            assert count_rows(store, "events", run_id=live) == 50 * n
            assert store.get_run(live).status == "completed"
        assert len(store.list_runs()) == 2 * (n + 1)


def test_writer_killed_mid_run_leaves_a_sound_store(store_url: str) -> None:
    Store(store_url).close()
    proc = _spawn(DOOMED, store_url)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip().isdigit(), proc.stderr.read() if proc.stderr else ""
    rid = int(line)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    if store_url.startswith("sqlite"):
        engine = create_engine(store_url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        engine.dispose()
    with Store(store_url) as store:
        assert store.recovered == [rid]
        info = store.get_run(rid)
        assert info.status == "interrupted"
        assert f"process {proc.pid} ended" in (info.interrupted_reason or "")
        stored = count_rows(store, "events", run_id=rid)
        assert stored >= 1000 and stored % 1000 == 0  # whole transactions only
        seqs = [e.t for e in store.events(rid)]
        assert seqs == sorted(seqs)
    r = CliRunner().invoke(app, ["results", "list", "--json", "--db", store_url])
    assert r.exit_code == 0, r.stderr
    assert [(x["id"], x["status"]) for x in json.loads(r.stdout)] == [(rid, "interrupted")]
