"""``pocdrill directory print``: the printable participant and contact list, with each
state's local time and working state now and at the deadline."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from tests import ROOT
from tests.cli_support import invoke

CHECK = ROOT / "scenarios" / "osce-unannounced-72h.yaml"  # Friday 2026-03-06 15:00 UTC


def _row(page: str, code: str) -> str:
    m = re.search(rf"<tr><td>{code}</td>.*?</tr>", page)
    assert m is not None, code
    return m.group(0)


def test_a_scenario_list_has_local_hours_now_and_at_the_deadline(tmp_path: Path) -> None:
    out = tmp_path / "list.html"
    r = invoke("directory", "print", str(CHECK), "-o", str(out), "--at",
               "2026-03-06T15:00:00Z")
    assert r.code == 0, r.err
    page = out.read_text(encoding="utf-8")
    assert "deadline 2026-03-09 15:00 UTC" in page and "@media print" in page
    de = _row(page, "DE")  # Berlin, UTC+1: Friday 16:00, then Monday 16:00
    assert 'Fri 06 Mar 16:00<br><span class="open">open</span>' in de
    assert 'Mon 09 Mar 16:00<br><span class="open">open</span>' in de
    us = _row(page, "US")  # New York, UTC-5: Friday 10:00, Monday 11:00 (summer time)
    assert "Fri 06 Mar 10:00" in us and "Mon 09 Mar 11:00" in us
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # names and addresses
    assert re.search(r"@[a-z0-9.-]*example\.(org|net|com)", page)


def test_a_sun_to_thu_state_is_closed_on_friday(tmp_path: Path) -> None:
    directory = tmp_path / "d.csv"
    directory.write_text("code,role,email\nSA,policy,desk@example.org\nDE,policy,"
                         "de@example.org\n", encoding="utf-8")
    yaml_file = tmp_path / "d.yaml"
    assert invoke("directory", "import", str(directory), "-o", str(yaml_file)).code == 0
    out = tmp_path / "list.html"
    r = invoke("directory", "print", str(yaml_file), "-o", str(out), "--at",
               "2026-03-06T09:00:00Z", "--redact")
    assert r.code == 0, r.err
    page = out.read_text(encoding="utf-8")
    assert "closed (weekend)" in _row(page, "SA") and "open" in _row(page, "DE")
    assert "Local at the deadline" not in page  # a directory alone has no deadline
    assert "@example.org" not in page and stat.S_IMODE(out.stat().st_mode) != 0o600


def test_a_bad_instant_is_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "list.html"
    r = invoke("directory", "print", str(CHECK), "-o", str(out), "--at", "friday")
    assert r.code == 2 and len(r.err_lines) == 1 and "--at" in r.err_lines[0]
    assert not out.exists()
