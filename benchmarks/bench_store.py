"""Results-store write speed: event rows per second stored by ``finish_run`` (a run of the
193-state UN size with 100,000 events, one transaction) and replication summaries per second
stored by ``add_replication_summaries`` (batches of 500, as a sweep writes them), into a
temporary SQLite file (target: >= 150,000 event rows/s) and, when
``POCDRILL_TEST_POSTGRES_URL`` is set, into a temporary PostgreSQL schema."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from results.store import Store
from simulator.model.outcome import ContactOutcome, Event, ParticipantOutcome, RunResult

N_PARTICIPANTS = 193
N_EVENTS = 100_000
REPEATS = 3
N_SWEEP_ROWS = 20_000
SWEEP_BATCH = 500
TARGET_EVENTS = 150_000


def big_result(seed: int = 0) -> RunResult:
    codes = [f"P{i:03d}" for i in range(N_PARTICIPANTS)]
    participants = [ParticipantOutcome(code=c, name=f"State {c}", group=f"g{i % 5}",
                                       delivered=True, delivered_at=0.1, ack_at=1.0 + i % 90)
                    for i, c in enumerate(codes)]
    contacts = [ContactOutcome(participant=c, key=f"{c}/{role}", role=role)
                for c in codes for role in ("policy", "technical")]
    kinds = ("delivered", "noticed", "acknowledged", "reminder", "phone_call")
    events = [Event(i * 0.0007, kinds[i % 5], codes[i % N_PARTICIPANTS],
                    f"{codes[i % N_PARTICIPANTS]}/policy", "email", "")
              for i in range(N_EVENTS)]
    return RunResult(scenario="bench", seed=seed, replication=0,
                     start=datetime(2026, 3, 10, 9, tzinfo=UTC), deadline_hours=72.0,
                     horizon_hours=96.0, level="reachability", participants=participants,
                     contacts=contacts, events=events)


def metrics(p: int, r: int) -> dict[str, object]:
    return {"ack_rate": 0.5 + (p * 7 + r) % 50 / 100, "completion_rate": 0.3,
            "median_hours_to_ack": 20.5, "p90_hours_to_ack": 60.1, "bounced_contacts": r % 4,
            "by_group": {f"g{g}": {"ack_rate": 0.6, "participants": 40} for g in range(5)}}


def measure(url: str, label: str) -> None:
    with Store(url) as store:
        result = big_result()
        best = 0.0
        for k in range(REPEATS):
            rid = store.start_run(scenario="bench", scenario_text="x", seed=k)
            t0 = time.perf_counter()
            store.finish_run(rid, result, summary={"bench": True})
            best = max(best, N_EVENTS / (time.perf_counter() - t0))
        flag = "" if not label.startswith("SQLite") else (
            "  (target >= 150,000: " + ("met)" if best >= TARGET_EVENTS else "NOT met)"))
        print(f"   {label}: {best:,.0f} event rows/s stored by finish_run "
              f"({N_EVENTS:,} events, {N_PARTICIPANTS} participants, best of {REPEATS}){flag}")
        sid = store.create_sweep(name="bench", scenario_text="x", axes={"a": list(range(10))},
                                 replications=N_SWEEP_ROWS // 10, base_seed=1,
                                 points=[{"a": i} for i in range(10)])
        rows = [{"point": i % 10, "replication": i // 10, "seed": i, "metrics": metrics(i % 10, i)}
                for i in range(N_SWEEP_ROWS)]
        t0 = time.perf_counter()
        for i in range(0, len(rows), SWEEP_BATCH):
            store.add_replication_summaries(sid, rows[i : i + SWEEP_BATCH])
        dt = time.perf_counter() - t0
        assert len(store.done_replications(sid)) == N_SWEEP_ROWS
        print(f"   {label}: {N_SWEEP_ROWS / dt:,.0f} replication summaries/s "
              f"(batches of {SWEEP_BATCH}, one transaction each)")


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text

    from results.db import normalize_url

    url = normalize_url(base)
    schema = f"pocdrill_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        measure(f"sqlite:///{Path(tmp) / 'results.db'}", "SQLite (WAL, synchronous=NORMAL)")
    pg = os.environ.get("POCDRILL_TEST_POSTGRES_URL", "").strip()
    if pg:
        with postgres_schema(pg) as url:
            measure(url, "PostgreSQL")
    else:
        print("   PostgreSQL: skipped (set POCDRILL_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()
