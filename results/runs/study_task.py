"""What a worker runs for a study: a batch of replications as compact rows.

:func:`study_batch` is the study's :data:`~simulator.sweep.execution.BatchTask` on the
sweeps' pool: each replication becomes the row a study keeps
(:func:`~simulator.analysis.replication.replication_row`), with the whole
:class:`~simulator.model.outcome.RunResult` under ``"result"`` when the study keeps its
runs whole (``pocdrill run --events all``). The young generation is collected after each
replication (the engine pauses the collector while one runs), so a worker's memory stays
flat however many replications it runs.
"""

from __future__ import annotations

import gc
from functools import partial

from simulator.analysis.replication import Row, replication_row
from simulator.sweep.execution import Batch, BatchTask, prepared


def study_batch(
    scenario_text: str, base_dir: str, seed: int, batch: Batch, *, whole: bool = False,
    engine: str = "simpy",
) -> list[Row]:
    """Simulate ``batch``'s replications; one row each (see the module docstring).
    ``engine``: ``simpy``, or ``vector`` (never with ``whole``: it keeps no event log)."""
    from simulator.engine.run import run

    scenario, directory = prepared(scenario_text, batch.params, base_dir)
    if engine == "vector":
        from simulator.vector.run import vector_study_rows

        return vector_study_rows(scenario, directory, seed=seed,
                                 replications=batch.replications)
    rows = []
    for k in batch.replications:
        result = run(scenario, directory, seed=seed, replication=k)
        row = replication_row(result)
        if whole:
            row["result"] = result
        rows.append(row)
        del result
        gc.collect(0)
    return rows


def study_task(whole: bool, engine: str = "simpy") -> BatchTask:
    """The batch task of a study that keeps its runs whole (``whole``) or not, on
    ``engine``."""
    if engine == "vector":
        return partial(study_batch, engine="vector")
    return partial(study_batch, whole=True) if whole else study_batch
