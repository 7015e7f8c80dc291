"""Safe YAML loading that refuses a key given twice in one mapping, and a file too big,
too deep or expanding too far through its aliases.

PyYAML keeps the last of two equal keys without a word, so ``deadline: 72h`` followed
further down by ``deadline: 24h`` would quietly run a 24-hour check. The loaders here
raise a :class:`yaml.constructor.ConstructorError` pointing at the second key instead.

YAML aliases share one node, so nine lines of ``&a [*b, *b, ...]`` ("billion laughs")
parse in microseconds into a value whose every walk (validation, a copy, JSON) visits a
billion nodes. :func:`check_limits` reads the parser's event stream first (iteratively:
no recursion, nothing built) and refuses, at the line where the limit is crossed, a
document of more than :data:`MAX_NODES` nodes once its aliases are expanded or nested
deeper than :data:`MAX_DEPTH`; a text longer than :func:`max_bytes` is refused before it
is parsed (files: before they are read, :func:`check_file_size`).

:func:`syntax_error` turns any YAML error into the one problem a reader is shown:
``FILE: line N: YAML syntax error: PROBLEM`` (a limit: ``FILE: line N: PROBLEM``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from simulator.model.errors import InputError

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, libyaml's when available (same result, several times faster)."""
_Base = SafeLoader

MAX_NODES = 1_000_000
"""Nodes (scalars, lists, mappings) a document may hold once its aliases are expanded; the
193-state UN directory holds about 15,000."""
MAX_DEPTH = 100
"""Lists and mappings nested in one another; a scenario nests about 8."""
MAX_BYTES = 20 * 1024 * 1024
"""The largest YAML file read, in bytes (20 MiB; the UN directory is about 0.2 MiB), unless
``POCDRILL_YAML_MAX_BYTES`` says otherwise."""
MAX_BYTES_VARIABLE = "POCDRILL_YAML_MAX_BYTES"


class LimitError(yaml.MarkedYAMLError):
    """A YAML document over one of the limits (not a syntax error)."""


def _limit(problem: str, event: yaml.Event) -> LimitError:
    """The limit crossed at ``event`` (libyaml's marks and PyYAML's both have a line)."""
    mark: Any = event.start_mark
    return LimitError(problem=problem, problem_mark=mark)


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


def max_bytes() -> int:
    """:data:`MAX_BYTES`, or the whole number of bytes ``POCDRILL_YAML_MAX_BYTES`` gives."""
    raw = os.environ.get(MAX_BYTES_VARIABLE, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else MAX_BYTES


def _too_big(size: int) -> str:
    return (f"the file is {size:,} bytes, more than the {max_bytes():,} a YAML file may "
            f"have; split it, or raise the limit with {MAX_BYTES_VARIABLE}=BYTES")


def check_file_size(path: Path, source: str) -> None:
    """:class:`InputError` if the file at ``path`` is bigger than :func:`max_bytes` (checked
    before it is read; a file that cannot be stat'ed is left to the reader to report)."""
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size > max_bytes():
        raise InputError.single(source, "", _too_big(size))


def check_limits(text: str, loader: type[yaml.SafeLoader] = _Base) -> None:
    """Raise :class:`LimitError` (located) if ``text`` is too long, nests deeper than
    :data:`MAX_DEPTH` or expands to more than :data:`MAX_NODES` nodes; builds nothing."""
    if len(text) > max_bytes():
        raise LimitError(problem=_too_big(len(text.encode("utf-8"))))
    sizes: dict[str, int] = {}  # anchor -> nodes it stands for, expanded
    open_sizes: list[list[Any]] = []  # [nodes so far, anchor] per open list or mapping
    total = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            open_sizes.append([1, event.anchor])
            if len(open_sizes) > MAX_DEPTH:
                raise _limit(f"lists and mappings nested more than {MAX_DEPTH} deep; "
                             "flatten the file", event)
            total += 1
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            size, anchor = open_sizes.pop()
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
            total += 1
        elif isinstance(event, yaml.AliasEvent):
            size, anchor = sizes.get(event.anchor or "", 1), None
            total += size
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        if open_sizes:
            open_sizes[-1][0] += size
        if total > MAX_NODES:
            raise _limit(f"the document expands to more than {MAX_NODES:,} values through "
                         "its aliases (*name); write the values out or use fewer aliases",
                         event)


def load(text: str, loader: type[yaml.SafeLoader] = StrictLoader) -> Any:
    """Parse ``text`` with ``loader`` (:class:`StrictLoader`), within the limits
    (:func:`check_limits`)."""
    check_limits(text)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass


def syntax_error(source: str, error: yaml.YAMLError) -> InputError:
    """``error`` as one problem of ``source``: located at its line when PyYAML knows it."""
    mark, problem = None, None
    if isinstance(error, yaml.MarkedYAMLError):
        mark, problem = error.problem_mark, error.problem
    where = f"line {mark.line + 1}" if mark is not None else ""
    if isinstance(error, LimitError):
        return InputError.single(source, where, str(problem))
    return InputError.single(source, where, f"YAML syntax error: {problem or error}")
