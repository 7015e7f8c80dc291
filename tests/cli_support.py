"""The command line driven in this process, the way ``python -m pocdrill`` runs it
(:func:`pocdrill.cli.run`: usage errors as one line, exit statuses as the shell sees
them), for tests that try many bad inputs and must stay fast.

An exception escaping the command (what would be a traceback) is not caught here: it
fails the test that caused it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from pocdrill.cli import run


@dataclass(frozen=True)
class Invoked:
    """What one command did."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


@contextmanager
def _cwd(folder: Path | None) -> Iterator[None]:
    before = Path.cwd()
    if folder is not None:
        os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def invoke(*args: str, cwd: Path | None = None,
           env: Mapping[str, str] | None = None) -> Invoked:
    """Run ``pocdrill ARGS`` in this process (in ``cwd``, with ``env`` added)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with (_cwd(cwd), mock.patch.dict(os.environ, dict(env or {})),
          mock.patch("sys.argv", ["pocdrill", *args]),
          redirect_stdout(out), redirect_stderr(err)):
        try:
            run()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return Invoked(code, out.getvalue(), err.getvalue())


def files_under(folder: Path) -> set[Path]:
    """Every file and folder below ``folder`` (to see that nothing was written), but the
    SQLite store's own journal files (``-wal``, ``-shm``), which come and go as connections
    open and close."""
    return {p for p in folder.rglob("*") if not p.name.endswith(("-wal", "-shm"))}
