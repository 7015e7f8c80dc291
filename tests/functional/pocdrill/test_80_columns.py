"""Every command's text output fits 80 columns (a tmux pane): no cut status
("complet…"), no lost column, a time zone broken only at its slashes, a summary line
folded at a phrase, never inside "deadline 72 h"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.cells import cell_len
from typer.testing import CliRunner

from pocdrill.app import app
from tests import ROOT

UN = ROOT / "scenarios" / "un-directory-ping.yaml"


def cli(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result


def _wide(text: str) -> list[str]:
    return [line for line in text.splitlines() if cell_len(line) > 80]


def test_results_and_summaries_fit_80_columns(sqlite_url: str) -> None:
    ran = cli("run", str(UN), "--seed", "1", "--db", sqlite_url)
    assert _wide(ran.stdout) == []
    assert any(line.strip().endswith("deadline 72 h (reachability)")
               for line in ran.stdout.splitlines())
    study = cli("run", str(UN), "-r", "2", "--workers", "1", "--db", sqlite_url)
    assert _wide(study.stdout) == []
    listing = cli("results", "list", "--db", sqlite_url)
    assert _wide(listing.stdout) == []
    header = next(line for line in listing.stdout.splitlines() if "Scenario" in line)
    assert header.split() == ["Run", "Scenario", "Mode", "Kind", "Seed", "Rep", "Status",
                              "Started", "(UTC)", "Ack"]
    assert "completed" in listing.stdout and "complet…" not in listing.stdout
    for target in ("1", "study:1"):
        assert _wide(cli("results", "show", target, "--db", sqlite_url).stdout) == []


def test_directory_show_breaks_zones_only_at_their_slashes(tmp_path: Path) -> None:
    out = tmp_path / "un.yaml"
    cli("directory", "generate", "--profile", "un", "--seed", "1", "-o", str(out))
    shown = cli("directory", "show", str(out)).stdout
    assert _wide(shown) == []
    lines = shown.splitlines()
    at = next(i for i, line in enumerate(lines) if "America/Argentina/" in line)
    assert "Buenos_Aires" in lines[at] + lines[at + 1]
    assert not any(line.rstrip().endswith(("Buenos_", "Argenti")) for line in lines)
