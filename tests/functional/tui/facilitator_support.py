"""Set-up shared by the facilitator tests (issue 19): a workspace with a second scenario
(a tabletop with a stage narrative, questions, a body and a guide) and helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.functional.tui.support import Workspace, make_workspace

STORY = """\
kind: tabletop
name: Tiny story
guide: Run it calmly; the objective is to reach every POC within the hour.
directory: {file: ../directories/tiny.yaml}
participants: [XA, XB]
start: 2026-03-10T12:00:00Z
end: 12h
stages:
  - id: S1
    title: Detection
    narrative: A cable cut leaves two capitals without a link.
    questions:
      - Who do you call first?
      - What do you share with your neighbour?
injects:
  - id: I1
    stage: S1
    at: 0h
    recipients: [XA, XB]
    subject: Outage reported
    body: Traffic through the subsea cable stopped at 11:40 UTC.
    expect:
      - {id: E1, who: recipients, action: acknowledge, within: 1h}
"""


def story_workspace(root: Path) -> Workspace:
    ws = make_workspace(root)
    (ws.root / "scenarios" / "tiny-story.yaml").write_text(STORY, encoding="utf-8")
    return ws


def store_runs(ws: Workspace, *names: str, seed: int = 1) -> list[int]:
    """Simulate and store each ``scenarios/<name>.yaml``; their run ids."""
    from simulator.engine.run import run
    from simulator.io.scenario_files import load_scenario

    ids = []
    with ws.store() as store:
        for name in names:
            loaded = load_scenario(ws.root / "scenarios" / f"{name}.yaml")
            result = run(loaded.scenario, loaded.directory(), seed=seed)
            ids.append(int(store.record_run(result, scenario_text=loaded.text, seed=seed,
                                            mode="simulated")))
    return ids


def log_text(app: Any) -> list[str]:
    """The event log's lines as text."""
    from tui.widgets.event_log import EventLog

    return [line.text for line in app.screen.query_one(EventLog).lines]
