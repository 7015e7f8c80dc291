"""Migration 0004_studies: a store written by the previous version keeps every run, and its
replication batches (``run -r N`` stored N runs) become one study each."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from results.db import MIGRATIONS, current_revision, head_revision, make_engine
from results.runs import study_summary
from results.store import Store

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC).replace(tzinfo=None)


def _at_0002(url: str) -> sa.Engine:
    engine = make_engine(url)
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    return engine


def _run(conn: sa.Connection, tables: dict[str, sa.Table], **kw: Any) -> int:
    values = dict(scenario="alpha", scenario_text="name: alpha", scenario_hash="h" * 64,
                  seed=5, replication=0, mode="simulated", kind="check", status="completed",
                  started_at=T0, finished_at=T0, pocdrill_version="0.0.9",
                  deadline_hours=72.0, horizon_hours=144.0, events_stored=False,
                  summary={"level": "task", "start": "2026-03-06T15:00:00+00:00",
                           "reminders_sent": 4, "late_acks": 1, "never_acknowledged": 1,
                           "bounced_contacts": 0, "stale_contacts": 2})
    values.update(kw)
    rid = int(conn.execute(sa.insert(tables["runs"]).values(**values)).inserted_primary_key[0])
    acks = [(1.5, 2.0), (80.0, None), (None, None)]  # in time, late, never
    for i, (ack, done) in enumerate(acks):
        conn.execute(sa.insert(tables["participant_results"]).values(
            run_id=rid, code=f"P{i}", name=f"State {i}", group="G" if i else "H",
            delivered=True, ack_at=ack, completed_at=done, reminders=1, escalations=0,
            bounces=0, human=False))
    return rid


def test_replication_batches_become_studies_and_nothing_is_lost(sqlite_url: str) -> None:
    engine = _at_0002(sqlite_url)
    meta = sa.MetaData()
    meta.reflect(engine)
    tables = dict(meta.tables)
    with engine.begin() as conn:
        batch = [_run(conn, tables, replication=k) for k in range(3)]
        lone = _run(conn, tables, scenario="beta", scenario_hash="b" * 64)
        other_seed = [_run(conn, tables, seed=6, replication=k) for k in range(2)]
        live = _run(conn, tables, mode="live", replication=0, seed=7)
        cut = _run(conn, tables, seed=8, status="interrupted")
        participants = conn.execute(sa.select(sa.func.count()).select_from(
            tables["participant_results"])).scalar()
    engine.dispose()

    with Store(sqlite_url) as store:
        assert current_revision(store.engine) == head_revision()
        studies = sorted(store.list_studies(), key=lambda s: s.seed)
        assert [(s.seed, s.replications, s.done, s.status) for s in studies] == [
            (5, 3, 3, "completed"), (6, 2, 2, "completed")]
        assert store.study_run_ids(studies[0].id) == batch
        assert store.study_run_ids(studies[1].id) == other_seed
        # every run is still there, with its outcome rows; the listing shows the others
        assert {r.id for r in store.list_runs(study_runs=True)} == {
            *batch, lone, *other_seed, live, cut}
        assert {r.id for r in store.list_runs()} == {lone, live, cut}
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("select count(*) from participant_results")).scalar() \
                == participants
        figures = study_summary(store, studies[0].id)
        assert figures["replications"] == 3 and figures["participants"] == 3
        assert figures["ack_rate"] == round(1 / 3, 4)
        assert figures["reminders_sent"] == 4 and figures["late_acks"] == 1
        assert figures["by_participant"]["P0"]["p_ack_in_time"] == 1.0
