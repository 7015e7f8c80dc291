"""Studies in the TUI: a Studies tab on the results screen, and a study's aggregate in the
detail screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from results.runs import SweepExecution, study_and_store
from simulator.io.scenario_files import load_scenario
from tests.functional.tui.support import Workspace, make_workspace, settle


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


async def test_a_study_is_one_row_and_opens_to_its_aggregate(ws: Workspace) -> None:
    from tui.screens.results import ResultsScreen
    from tui.screens.run_detail import RunDetailScreen

    with ws.store() as store:
        out = study_and_store(load_scenario(ws.scenario), seed=2, replications=5, store=store,
                              execution=SweepExecution(workers=1))
        assert store.list_runs() == []  # the replications are not runs of their own
    assert out.study_id is not None and out.summary is not None
    app = ws.app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.open_results()
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        studies = results.query_one("#studies", DataTable)
        assert studies.row_count == 1
        assert studies.get_row_at(0)[4] == "5/5"
        app.open_study(out.study_id)
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, RunDetailScreen) and detail.study
        assert detail.figures == out.summary["figures"]
        assert detail.query_one("#groups", DataTable).row_count == 2
        # the pooled Kaplan-Meier curve with its band is drawn, and the participants least
        # likely to answer in time are listed where a run lists its contacts to fix
        from results.reports.figure_lines import least_likely
        from tui.widgets.ack_chart import AckChart

        chart = detail.query_one(AckChart)
        assert chart.caption.startswith("Acknowledged, pooled (Kaplan-Meier), grey: 95% band")
        fix = detail.query_one("#fix", DataTable)
        rows = least_likely(out.summary)
        assert fix.row_count == len(rows)
        assert [str(c) for c in fix.get_row_at(0)] == rows[0]  # plain text, as stored
