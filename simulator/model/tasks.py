"""The tasks of a task-level communication check (``check.tasks``).

Each task names the work it takes, the role that does it (its deputies count) and whether
its answer needs clearance by a contact without a mandate::

    tasks:
      - {name: contact details, by: policy, clearance: false, work: {dist: fixed, value: 0.5h}}
      - {name: CERT 24/7 channel, by: technical}

A task without ``work`` takes the tier's ``behaviour.task_work``. A task-level check that
lists no tasks has one, :data:`DEFAULT_TASK`: the technical team's work, cleared.
"""

from __future__ import annotations

from pydantic import Field

from simulator.model.base import Name, Strict
from simulator.model.durations import Distribution


class TaskSpec(Strict):
    """One task of the check, scored on its own."""

    name: Name = Field(description="What the task is (unique within the check)")
    by: str = Field(
        "technical",
        description="Role that does it (policy, technical, or any role the directory holds); "
        "its deputies count",
    )
    work: Distribution | None = Field(
        None, description="Working time the task takes (default: behaviour.task_work)"
    )
    clearance: bool = Field(
        True, description="A contact without a mandate needs clearance before answering"
    )


DEFAULT_TASK = TaskSpec(name="tasks")
"""The one task of a task-level check that lists none."""
