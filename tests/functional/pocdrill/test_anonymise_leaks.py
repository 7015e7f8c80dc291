"""The leak test of ``report --anonymise --redact``: a check over the 57 states of a
generated OSCE directory, reported as HTML and Markdown, shows no state's code, name or
group, and no contact's name, e-mail or phone; its figures are those of the plain
report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from simulator.io.directory_files import load_directory
from tests.cli_support import invoke

SCENARIO = """\
name: Anonymised check
directory: {file: osce.yaml}
check:
  start: 2026-03-06T15:00:00Z
  deadline: 72h
  reminders: [24h, 48h]
  phone_follow_up: 36h
"""


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("anon")
    assert invoke("directory", "generate", "--profile", "osce", "--seed", "3", "-o",
                  str(folder / "osce.yaml")).code == 0
    (folder / "check.yaml").write_text(SCENARIO, encoding="utf-8")
    r = invoke("run", str(folder / "check.yaml"), "--seed", "5", "--db",
               f"sqlite:///{folder / 'r.db'}")
    assert r.code == 0, r.err
    return folder


def _report(folder: Path, name: str, *flags: str) -> str:
    out = folder / name
    r = invoke("report", "1", "--db", f"sqlite:///{folder / 'r.db'}", "-o", str(out), *flags)
    assert r.code == 0, r.err
    return out.read_text(encoding="utf-8")


def _found(text: str, words: list[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", text)]


@pytest.fixture(scope="module")
def reports(stored: Path) -> dict[str, str]:
    return {"anon.html": _report(stored, "anon.html", "--anonymise", "--redact"),
            "anon.md": _report(stored, "anon.md", "--anonymise", "--redact"),
            "plain.md": _report(stored, "plain.md", "--redact")}


@pytest.mark.parametrize("name", ["anon.html", "anon.md"])
def test_nothing_of_the_directory_remains(stored: Path, reports: dict[str, str],
                                          name: str) -> None:
    text = reports[name]
    d = load_directory(stored / "osce.yaml")
    states = [w for p in d.participants for w in (p.code, p.name, p.group)]
    people = [w for p in d.participants for c in p.contacts
              for w in (c.name, c.email, c.phone) if w]
    assert _found(text, states) == []
    assert _found(text, people) == []
    assert "State A" in text or "A/" in text


def test_figures_equal_the_plain_reports(reports: dict[str, str]) -> None:
    def figures(text: str) -> dict[str, object]:
        block = text.split("```json pocdrill-figures\n", 1)[1].split("```", 1)[0]
        return json.loads(block)

    def numbers(v: object) -> list[float]:
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return []
        if isinstance(v, int | float):
            return [float(v)]
        items = list(v.values()) if isinstance(v, dict) else list(v)  # type: ignore[union-attr]
        return sorted(x for y in items for x in numbers(y))

    plain, anon = figures(reports["plain.md"]), figures(reports["anon.md"])
    assert numbers(anon) == numbers(plain) and len(numbers(plain)) > 10


def test_anonymise_asks_for_one_run(stored: Path) -> None:
    out = stored / "cmp.md"
    r = invoke("report", "--compare", "1", "1", "--anonymise", "--db",
               f"sqlite:///{stored / 'r.db'}", "-o", str(out))
    assert r.code == 2 and len(r.err_lines) == 1 and not out.exists()
