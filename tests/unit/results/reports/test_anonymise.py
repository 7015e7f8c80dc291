"""``--anonymise``: one mapping per report (codes sorted -> A, B, ...; groups -> Group 1,
...), applied to every section, chart and JSON field, every figure unchanged."""

from __future__ import annotations

import re
from typing import Any

from results.reports.anonymise import anonymiser_for, labels, letters
from results.reports.meta import RunMeta
from results.reports.render import render_html, render_markdown
from results.reports.run_report import run_report
from simulator.directories.countries import known_codes
from tests.report_support import CHECK_ROWS, CHECK_TEXT, check_run, tabletop_run


def _numbers(v: Any) -> list[float]:
    """Every number in a JSON-like value, sorted (dict keys may be renamed and reordered)."""
    out: list[float] = []

    def walk(x: Any) -> None:
        if isinstance(x, bool) or x is None:
            return
        if isinstance(x, int | float):
            out.append(float(x))
        elif isinstance(x, dict):
            for k, y in x.items():
                walk(k)
                walk(y)
        elif isinstance(x, list | tuple):
            for y in x:
                walk(y)

    walk(v)
    return sorted(out)


def test_letters_go_on_like_spreadsheet_columns() -> None:
    assert [letters(k) for k in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_labels_skip_anything_spelt_like_a_state_code() -> None:
    many = labels(200)
    assert many[:26] == [letters(k) for k in range(26)]
    assert len(set(many)) == 200 and not set(many) & known_codes()
    assert "AD" not in many and "AA" in many  # Andorra's code; AA is nobody's


def test_the_mapping_is_stable_and_sorted_by_code() -> None:
    a = anonymiser_for([("FI", "Finland", "North"), ("EE", "Estonia", "Baltic"),
                        ("LV", "Latvia", "Baltic")])
    assert a.codes == {"EE": "A", "FI": "B", "LV": "C"}
    assert a.groups == {"Baltic": "Group 1", "North": "Group 2"}
    assert a.text("Estonia (EE) asks FI; EE/policy; Baltic group; FIN stays") == (
        "State A (A) asks B; A/policy; Group 1 group; FIN stays")


def _both(result_factory: Any, text: str) -> tuple[Any, Any]:
    meta = RunMeta(scenario="Test check", scenario_text=text)
    plain = run_report(result_factory(), meta)
    anon = run_report(result_factory(), RunMeta(scenario="Test check", scenario_text=text),
                      anonymise=True)
    return plain, anon


def test_every_figure_is_the_same_and_no_code_or_group_remains() -> None:
    plain, anon = _both(check_run, CHECK_TEXT)
    assert _numbers(anon.figures) == _numbers(plain.figures)
    assert _numbers(anon.data) == _numbers(plain.data)
    assert [s.id for s in anon.sections] == [s.id for s in plain.sections]
    for text in (render_markdown(anon), render_html(anon)):
        for code, group, *_ in CHECK_ROWS:
            assert not re.search(rf"\b{code}\b", text), code
            assert not re.search(rf"\bState {code}\b", text)
            assert not re.search(rf"\b{group}\b", text), group
    md = render_markdown(anon, charts=False)
    assert "State A" not in render_markdown(plain, charts=False)
    assert re.search(r"\b[A-H]/policy\b", md) and "Group 1" in md


def test_a_tabletop_scorecard_keeps_its_figures() -> None:
    plain, anon = _both(tabletop_run, CHECK_TEXT)
    assert _numbers(anon.data) == _numbers(plain.data)
    assert _numbers(anon.figures) == _numbers(plain.figures)
    plain_rows = [r for s in plain.sections for b in s.blocks if hasattr(b, "rows")
                  for r in b.rows]
    anon_rows = [r for s in anon.sections for b in s.blocks if hasattr(b, "rows")
                 for r in b.rows]
    assert len(anon_rows) == len(plain_rows)
