"""Input errors that name the file, the place in it and the fix.

Every loader in pocdrill raises :class:`InputError` for bad input. Its problems print one
per line as ``FILE: LOCATION: MESSAGE`` (a line break or control character from the file is
escaped); the command line prints them and exits with 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    source: str
    location: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}: {self.location}" if self.location else self.source
        return one_line(f"{where}: {self.message}")


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped (``\\n``), so that a
    problem prints as one line whatever the file held."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class InputError(Exception):
    """Bad input: one or more problems, each naming file, location and fix."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, source: str, location: str, message: str) -> InputError:
        return cls([Problem(source, location, message)])

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        # pickle by problems (not the joined message), so a worker process's error
        # arrives intact in the parent
        return (type(self), (self.problems,))


def format_loc(
    loc: tuple[int | str, ...], labels: dict[tuple[int | str, ...], str] | None = None
) -> str:
    """Render a pydantic location as ``participants[3].contacts[0].email``.

    ``labels`` may give a readable name for a prefix, e.g. ``("participants", 3)`` ->
    ``participants[3] (DE)``.
    """
    out = ""
    labels = labels or {}
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith("function-") or part in {"tagged-union", "union"}:
            continue
        else:
            out += f".{part}" if out else str(part)
        label = labels.get(tuple(loc[: i + 1]))
        if label:
            out += f" ({label})"
    return out


def problems_from_validation(
    source: str,
    err: ValidationError,
    labels: dict[tuple[int | str, ...], str] | None = None,
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into one :class:`Problem` per error."""
    problems = []
    for e in err.errors(include_url=False):
        msg = e["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if e["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling; see the JSON Schema for the allowed fields)"
        elif e["type"] == "missing":
            msg = "required field is missing"
        problems.append(Problem(source, format_loc(tuple(e["loc"]), labels) or "(top)", msg))
    return problems
