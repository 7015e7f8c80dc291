"""A throwaway PostgreSQL server of a test's own, to stop and start again at will (a server
lost mid-run), as ``.ci/run`` starts the shared one: ``initdb`` into a temp folder, then
``pg_ctl start`` on a free port of 127.0.0.1, run as the ``postgres`` user when the tests
run as root (PostgreSQL refuses to run as root).

:func:`throwaway_postgres` skips the test with a reason when the binaries are missing,
unless ``POCDRILL_REQUIRE_POSTGRES=1`` (CI), which makes that a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REQUIRE_POSTGRES_ENV = "POCDRILL_REQUIRE_POSTGRES"


def pg_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` with ``initdb`` (or ``PGBIN``), if any."""
    found = [os.environ["PGBIN"]] if os.environ.get("PGBIN") else []
    found += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                    key=lambda p: [int(x) for x in Path(p).parent.name.split(".")
                                   if x.isdigit()])[::-1]
    for folder in found:
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayPostgres:
    """A PostgreSQL server in its own temp folder on 127.0.0.1:``port``."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="pocdrill-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")

    @property
    def url(self) -> str:
        """The server's SQLAlchemy URL (user ``postgres``, trust: no password)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _pg(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        """Start (or start again) and wait until it takes connections."""
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w",
                 "-o", f"-h 127.0.0.1 -p {self.port} -k {self.folder}", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop: ``immediate`` is a server lost (no shutdown, connections cut)."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:  # already stopped
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    """A fresh server, started; stopped and removed afterwards (see the module docstring)."""
    bindir = pg_bin()
    if bindir is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
            pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but no PostgreSQL binaries "
                        "(/usr/lib/postgresql/*/bin) to start a throwaway server")
        pytest.skip("no PostgreSQL binaries (/usr/lib/postgresql/*/bin) for a throwaway server")
    server = ThrowawayPostgres(bindir)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.remove()
