"""YAML over the limits (issue 14): an alias bomb ("billion laughs"), nesting too deep and a
file too big are refused on every path a YAML file or value comes in by (scenario,
directory, sweep file, ``--vary``), each with exit status 2, one located line and nothing
written, without the bomb ever being expanded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.functional.pocdrill.test_cli_bad_input import DIRECTORY, SCENARIO, refused
from tests.unit.simulator.io.test_yaml_strict import laughs

BOMB = laughs()  # 9 lines, 387 million values once expanded
DEEP = "deep: " + "[" * 150 + "]" * 150 + "\n"
EXPANDS = "the document expands to more than 1,000,000 values through its aliases"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "dir.yaml").write_text(DIRECTORY, encoding="utf-8")
    (tmp_path / "ok.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "bomb.yaml").write_text(SCENARIO + BOMB, encoding="utf-8")
    (tmp_path / "deep.yaml").write_text(SCENARIO + DEEP, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", [("scenario", "validate"), ("scenario", "show"), ("run",),
                                     ("run", "-r", "3")])
def test_a_scenario_bomb_is_one_line(folder: Path, command: tuple[str, ...]) -> None:
    line = refused(folder, *command, "bomb.yaml", says=EXPANDS)
    assert line.startswith("error: bomb.yaml: line 12: "), line
    refused(folder, *command, "deep.yaml", says="deep.yaml: line 6: lists and mappings "
            "nested more than 100 deep")


def test_a_directory_bomb_is_one_line(folder: Path) -> None:
    (folder / "dir.yaml").write_text(DIRECTORY + BOMB, encoding="utf-8")
    refused(folder, "directory", "validate", "dir.yaml", says="dir.yaml: line 17: " + EXPANDS)
    refused(folder, "run", "ok.yaml", says="dir.yaml: line 17: " + EXPANDS)


def test_a_sweep_file_or_a_vary_value_bomb_is_one_line(folder: Path) -> None:
    (folder / "sweep.yaml").write_text(
        "scenario: ok.yaml\naxes: {check.deadline: [48h, 72h]}\n" + BOMB, encoding="utf-8")
    refused(folder, "sweep", "run", "sweep.yaml", says="sweep.yaml: line 9: " + EXPANDS)
    refused(folder, "sweep", "run", "ok.yaml", "--vary",
            "behaviour.tiers=" + BOMB.replace("\n", ", ").join("{}"), says=EXPANDS)


def test_a_file_over_the_size_limit_is_refused_unread(folder: Path) -> None:
    size = (folder / "ok.yaml").stat().st_size
    env = {"POCDRILL_YAML_MAX_BYTES": str(size - 1)}
    from tests.cli_support import files_under, invoke

    before = files_under(folder)
    for args in (("run", "ok.yaml"), ("scenario", "validate", "ok.yaml")):
        result = invoke(*args, cwd=folder,
                        env={**env, "POCDRILL_DATABASE_URL": f"sqlite:///{folder}/r.db"})
        assert result.code == 2, result.err
        assert result.err_lines == [
            f"error: ok.yaml: the file is {size:,} bytes, more than the {size - 1:,} a YAML "
            "file may have; split it, or raise the limit with POCDRILL_YAML_MAX_BYTES=BYTES"]
    assert files_under(folder) == before
