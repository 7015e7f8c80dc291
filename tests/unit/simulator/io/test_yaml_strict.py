"""Strict YAML: a repeated key is an error, and every YAML error reads as one located
problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from simulator.io.yaml_strict import (
    MAX_BYTES,
    MAX_BYTES_VARIABLE,
    MAX_DEPTH,
    LimitError,
    check_file_size,
    check_limits,
    load,
    max_bytes,
    syntax_error,
)
from simulator.model.errors import InputError


def test_a_key_given_twice_is_refused_at_the_second() -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        load("a: 1\nb: 2\na: 3\n")
    err = syntax_error("f.yaml", caught.value)
    assert str(err) == ("f.yaml: line 3: YAML syntax error: "
                        "key 'a' appears twice in one mapping; keep one")


def test_a_syntax_error_names_its_line() -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        load("a: [1, 2\nb: 3\n")
    (p,) = syntax_error("s.yaml", caught.value).problems
    assert p.source == "s.yaml" and p.location.startswith("line ")
    assert p.message.startswith("YAML syntax error: ") and p.message != "YAML syntax error: "


def test_an_error_without_a_mark_is_unlocated() -> None:
    (p,) = syntax_error("x", yaml.YAMLError("something broke")).problems
    assert (p.location, p.message) == ("", "YAML syntax error: something broke")


# -- limits: alias bombs, deep nesting, huge files (issue 14) ------------------------------
def laughs(levels: int = 9, width: int = 9) -> str:
    """``levels`` lines of ``width`` aliases of the line before: ``width ** levels`` values."""
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def refusal(text: str) -> str:
    with pytest.raises(LimitError) as caught:
        load(text)
    return str(syntax_error("f.yaml", caught.value))


def test_an_alias_bomb_is_refused_at_the_line_that_crosses_the_limit() -> None:
    line = refusal(laughs())  # 9 ** 9 = 387 million values, a few hundred bytes
    assert line.startswith("f.yaml: line 7: the document expands to more than 1,000,000 "
                           "values through its aliases"), line
    assert "\n" not in line and "syntax error" not in line


def test_aliases_that_stay_small_are_read_as_yaml_says() -> None:
    text = "a: &x [1, 2]\nb: *x\nc: &y {k: *x}\nd: [*y, *y]\n"
    assert load(text) == {"a": [1, 2], "b": [1, 2], "c": {"k": [1, 2]},
                          "d": [{"k": [1, 2]}, {"k": [1, 2]}]}
    check_limits(laughs(levels=6, width=9))  # 9 ** 6 = 531,441 values: within the limit


def test_the_node_count_is_the_expanded_count(monkeypatch: pytest.MonkeyPatch) -> None:
    # the mapping, "a", [1, 2] (3 values), "b", *x (3 more), "c", *x inside {k: *x}
    text = "a: &x [1, 2]\nb: *x\nc: {k: *x}\n"
    expanded = 1 + 1 + 3 + 1 + 3 + 1 + (1 + 1 + 3)
    monkeypatch.setattr("simulator.io.yaml_strict.MAX_NODES", expanded)
    check_limits(text)
    monkeypatch.setattr("simulator.io.yaml_strict.MAX_NODES", expanded - 1)
    with pytest.raises(LimitError):
        check_limits(text)


def test_deep_nesting_is_refused() -> None:
    line = refusal("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n")
    assert line == f"f.yaml: line 1: lists and mappings nested more than {MAX_DEPTH} deep; " \
                   "flatten the file"
    assert load("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)) is not None


def test_a_text_over_the_size_limit_is_refused_before_parsing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_BYTES_VARIABLE, "100")
    assert max_bytes() == 100
    line = refusal("a: [" + ", ".join(["1"] * 50) + "]\n")
    assert line.startswith("f.yaml: the file is ") and f"{MAX_BYTES_VARIABLE}=BYTES" in line
    monkeypatch.setenv(MAX_BYTES_VARIABLE, "not a number")
    assert max_bytes() == MAX_BYTES


def test_a_file_over_the_size_limit_is_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "big.yaml"
    f.write_text("a: 1\n" * 100, encoding="utf-8")
    check_file_size(f, "big.yaml")
    monkeypatch.setenv(MAX_BYTES_VARIABLE, "499")
    with pytest.raises(InputError) as caught:
        check_file_size(f, "big.yaml")
    assert str(caught.value).startswith("big.yaml: the file is 500 bytes, more than the 499")
