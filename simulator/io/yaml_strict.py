"""Safe YAML loading that refuses a key given twice in one mapping.

PyYAML keeps the last of two equal keys without a word, so ``deadline: 72h`` followed
further down by ``deadline: 24h`` would quietly run a 24-hour check. The loaders here
raise a :class:`yaml.constructor.ConstructorError` pointing at the second key instead.
:func:`syntax_error` turns any YAML error into the one problem a reader is shown:
``FILE: line N: YAML syntax error: PROBLEM``.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError

from simulator.model.errors import InputError

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UniqueKeys:
    """Mixin for a SafeLoader: a mapping may not repeat a key."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
                try:
                    repeated = key in seen
                except TypeError:  # an unhashable key: the base class reports it
                    continue
                if repeated:
                    raise ConstructorError(
                        None, None,
                        f"key {key!r} appears twice in one mapping; keep one",
                        key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc,no-any-return]


class StrictLoader(UniqueKeys, _Base):  # type: ignore[misc,valid-type]
    """Safe YAML (libyaml's parser when available) without repeated keys."""


def load(text: str) -> Any:
    """Parse ``text`` with :class:`StrictLoader`."""
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass


def syntax_error(source: str, error: yaml.YAMLError) -> InputError:
    """``error`` as one problem of ``source``: located at its line when PyYAML knows it."""
    mark, problem = None, None
    if isinstance(error, yaml.MarkedYAMLError):
        mark, problem = error.problem_mark, error.problem
    where = f"line {mark.line + 1}" if mark is not None else ""
    return InputError.single(source, where, f"YAML syntax error: {problem or error}")
