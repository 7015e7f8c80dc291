"""Strict YAML: a repeated key is an error, and every YAML error reads as one located
problem."""

from __future__ import annotations

import pytest
import yaml

from simulator.io.yaml_strict import load, syntax_error


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
