"""Sampled sweeps in the library: designs, their validation, Sobol'/Morris indices on
functions whose indices are known in closed form, and the rule finder on a planted box."""

from __future__ import annotations

import math
import random
import re

import pytest

from simulator.model.errors import InputError
from simulator.sweep.discovery import find_box, rule_text
from simulator.sweep.sampled import analyse_sampled
from simulator.sweep.sampling import SampleDesign, make_design, parse_range
from simulator.sweep.sensitivity import sensitivity_indices

PI = math.pi


def _matrix(design: SampleDesign) -> list[list[float]]:
    return [[p[n] for n in design.names] for p in design.points()]


def _ishigami(x: list[float], a: float = 7.0, b: float = 0.1) -> float:
    return math.sin(x[0]) + a * math.sin(x[1]) ** 2 + b * x[2] ** 4 * math.sin(x[0])


def test_sobol_indices_of_the_ishigami_function_match_the_closed_form() -> None:
    # Ishigami (a=7, b=0.1) on [-pi, pi]^3: S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437
    design = make_design("sobol", 1024, [f"x{i}={-PI}:{PI}" for i in (1, 2, 3)], seed=3)
    xs = _matrix(design)
    got = {p.parameter: p for p in sensitivity_indices(design, xs, [_ishigami(x) for x in xs])}
    exact = {"x1": (0.3139, 0.5576), "x2": (0.4424, 0.4424), "x3": (0.0, 0.2437)}
    for name, (s1, st) in exact.items():
        assert got[name].measures["S1"].value == pytest.approx(s1, abs=0.05)
        assert got[name].measures["ST"].value == pytest.approx(st, abs=0.05)
        lo, hi = got[name].measures["ST"].low, got[name].measures["ST"].high
        assert lo is not None and hi is not None and lo < st + 0.02 and hi > st - 0.02


def test_a_linear_model_shares_its_variance_by_squared_coefficients() -> None:
    # y = 3 a + 1 b + 0 c on the unit cube: S1 = ST = (9/10, 1/10, 0)
    design = make_design("sobol", 512, ["a=0:1", "b=0:1", "c=0:1"])
    xs = _matrix(design)
    idx = sensitivity_indices(design, xs, [3 * x[0] + x[1] for x in xs])
    assert [p.parameter for p in idx] == ["a", "b", "c"]  # ranked by ST
    for p, share in zip(idx, (0.9, 0.1, 0.0), strict=True):
        assert p.measures["S1"].value == pytest.approx(share, abs=0.03)
        assert p.measures["ST"].value == pytest.approx(share, abs=0.03)


def test_morris_mu_star_of_a_linear_model_is_its_slope_times_the_range() -> None:
    design = make_design("morris", 10, ["a=0:1", "b=0:2"])
    xs = _matrix(design)
    idx = {p.parameter: p for p in sensitivity_indices(design, xs, [3 * x[0] + x[1] for x in xs])}
    assert idx["a"].measures["mu_star"].value == pytest.approx(3.0)
    assert idx["b"].measures["mu_star"].value == pytest.approx(2.0)
    assert idx["a"].measures["sigma"].value == pytest.approx(0.0, abs=1e-9)


def test_lhs_first_order_indices_rank_a_dominant_parameter_first() -> None:
    design = make_design("lhs", 300, ["a=0:1", "b=0:1", "c=0:1"])
    xs = _matrix(design)
    idx = sensitivity_indices(design, xs, [3 * x[0] + x[1] for x in xs])
    assert idx[0].parameter == "a"
    assert idx[0].measures["S1"].value == pytest.approx(0.9, abs=0.1)


def test_a_design_is_the_same_from_its_stored_json_and_has_its_size() -> None:
    design = make_design("sobol", 8, ["a=0:1", "b=10:20"], seed=5, threshold=0.6)
    again = SampleDesign.from_json(design.to_json())
    assert again == design and again.points() == design.points()
    assert len(design.points()) == design.size == 8 * (2 + 2)
    assert all(0 <= p["a"] <= 1 and 10 <= p["b"] <= 20 for p in design.points())
    assert len(make_design("morris", 3, ["a=0:1", "b=0:1"]).points()) == 3 * 3
    assert len(make_design("lhs", 35, ["a=0:1"]).points()) == 35


@pytest.mark.parametrize(
    ("method", "n", "ranges", "threshold", "line"),
    [
        ("sobol", 6, ["a=0:1"], 0.7, "--sample: sobol 6: Sobol' sampling needs N a power of two"),
        ("sobol", 2, ["a=0:1"], 0.7, "--sample: sobol 2: sobol needs N of at least 4"),
        ("grid", 8, ["a=0:1"], 0.7, "--sample: grid: use one of lhs, sobol, morris"),
        ("lhs", 30, ["a=1:0"], 0.7, "--range: a: LOW (1) must be below HIGH (0)"),
        ("lhs", 30, ["a=1:1"], 0.7, "--range: a: LOW (1) must be below HIGH (1)"),
        ("lhs", 30, ["a=x:1"], 0.7, "--range: a: 'x:1' is not LOW:HIGH"),
        ("lhs", 30, ["a=0:1", "a=0:2"], 0.7, "--range: a: given twice"),
        ("lhs", 30, [], 0.7, "--range: (none): give at least one"),
        ("lhs", 30, ["a=0:1"], 1.5, "--threshold: 1.5: give an acknowledgement share"),
    ],
)
def test_bad_designs_name_the_option(
    method: str, n: int, ranges: list[str], threshold: float, line: str
) -> None:
    with pytest.raises(InputError) as e:
        make_design(method, n, ranges, threshold=threshold)
    assert len(e.value.problems) == 1 and str(e.value.problems[0]).startswith(line)


def test_parse_range_reads_signed_and_exponent_numbers() -> None:
    assert parse_range("check.deadline=-1.5e1:2") == ("check.deadline", (-15.0, 2.0))


def test_the_rule_finder_recovers_a_planted_box_and_ignores_the_other_parameter() -> None:
    rng = random.Random(7)
    xs = [{"a": rng.random(), "b": rng.random(), "c": rng.random()} for _ in range(600)]
    planted = [x["a"] > 0.6 and x["b"] < 0.3 for x in xs]
    box = find_box(xs, planted)
    assert box is not None and set(box.bounds) == {"a", "b"}
    (alo, ahi), (blo, bhi) = box.bounds["a"], box.bounds["b"]
    assert ahi is None and blo is None
    assert alo == pytest.approx(0.6, abs=0.03) and bhi == pytest.approx(0.3, abs=0.03)
    assert box.density == 1.0 and box.coverage > 0.9
    text = rule_text(box, 0.7, {"a": "reminder", "b": "stale"})
    assert re.fullmatch(r"ack share < 0\.7 when reminder >= 0\.6\d* and stale <= 0\.[23]\d* "
                        r"\(coverage 9\d%, density 100%, \d+ of 600 points\)", text), text


def test_no_case_no_box_and_the_rule_says_so() -> None:
    design = make_design("lhs", 30, ["a=0:1"])
    rows = [{"point": i, "metrics": {"ack_rate": 0.95}} for i in range(30)]
    found = analyse_sampled(design, design.points(), rows)
    assert found.box is None and found.rule == "no point has an ack share below 0.7"


def test_an_incomplete_sampled_sweep_has_a_rule_but_no_indices() -> None:
    design = make_design("sobol", 4, ["a=0:1", "b=0:1"])
    pts = design.points()
    rows = [{"point": i, "ack_rate": 0.5 if p["a"] > 0.5 else 0.9}
            for i, p in enumerate(pts) if i < 10]
    found = analyse_sampled(design, pts, rows)
    assert not found.indices and found.points_with_values == 10
    assert found.note is not None and "10 of 16" in found.note
    assert found.box is not None and "a >=" in found.rule
