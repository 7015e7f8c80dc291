"""Files that may hold personal data are the owner's alone (0600), even over a wider one."""

from __future__ import annotations

import os
from pathlib import Path

from results.personal_files import open_personal, write_personal


def test_personal_files_are_0600_and_others_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        wide = tmp_path / "wide.txt"
        wide.write_text("old")
        wide.chmod(0o644)
        write_personal(wide, "Kristin Johnson")
        assert wide.stat().st_mode & 0o777 == 0o600 and wide.read_text() == "Kristin Johnson"
        with open_personal(tmp_path / "b.bin") as f:
            f.write(b"x")
        assert (tmp_path / "b.bin").stat().st_mode & 0o777 == 0o600
        plain = write_personal(tmp_path / "plain.txt", b"[redacted]", personal=False)
        assert plain.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)
