"""Every command and sub-command explains itself (``--help``) and is in README.md.

The idea is sqlite-utils': a command nobody can discover is a command nobody uses.
"""

from __future__ import annotations

from typing import Any

import pytest
import typer.main

from pocdrill.app import app
from tests import ROOT


def _commands() -> list[tuple[str, Any]]:
    """(``directory show``, its click command) for every command and group, depth first
    (typer vendors click, so groups are recognised by their ``commands``)."""
    out: list[tuple[str, Any]] = []

    def walk(prefix: str, cmd: Any) -> None:
        if prefix:
            out.append((prefix, cmd))
        for name, sub in getattr(cmd, "commands", {}).items():  # a group's sub-commands
            if not sub.hidden:
                walk(f"{prefix} {name}".strip(), sub)

    walk("", typer.main.get_command(app))
    return out


COMMANDS = _commands()


def test_the_walk_finds_every_group() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"directory show", "scenario validate", "results delete", "db current", "sweep run",
            "run", "report", "tui"} <= names


@pytest.mark.parametrize(("name", "cmd"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_parameter_has_help(name: str, cmd: Any) -> None:
    assert (cmd.help or "").strip(), f"pocdrill {name} has no help text"
    missing = [p.name for p in cmd.params
               if not getattr(p, "hidden", False) and not (getattr(p, "help", None) or "").strip()]
    assert missing == [], f"pocdrill {name}: parameters without help: {missing}"


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS])
def test_every_command_is_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    mentioned = f"pocdrill {name}" in readme
    assert mentioned, f"README.md does not mention `pocdrill {name}`; add it under Reference"
