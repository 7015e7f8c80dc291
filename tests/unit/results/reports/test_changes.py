"""Who improved and who fell back between two runs."""

from __future__ import annotations

from dataclasses import replace

from results.reports.changes import changes_between
from tests.report_support import check_run, run_b


def test_changes_between_follow_the_rules() -> None:
    ch = changes_between(check_run(), run_b())
    assert sorted(c.code for c in ch.improved) == ["CC", "EE", "FF"]
    assert sorted(c.code for c in ch.fell_back) == ["AA", "HH"]
    reasons = {c.code: c.reason for c in ch.improved + ch.fell_back}
    assert reasons == {"CC": "faster by 27.0 h", "EE": "never -> in time",
                       "FF": "late -> in time", "AA": "slower by 28.0 h",
                       "HH": "in time -> never"}
    wide = changes_between(check_run(), run_b(), threshold_hours=30)
    assert sorted(c.code for c in wide.improved) == ["EE", "FF"]

def test_participants_in_one_run_only_are_listed_apart() -> None:
    a = check_run()
    b = run_b()
    b.participants = [replace(p) for p in b.participants if p.code != "GG"]
    ch = changes_between(a, b)
    assert ch.only_in_a == ["GG"] and ch.only_in_b == []
