"""Writing a file that may hold personal data: readable by its owner alone.

Every file pocdrill writes with contact names, addresses or a facilitator's notes in it (an
export or a report without ``--redact``, a dry run's ``.eml`` messages) goes through
:func:`open_personal` or :func:`write_personal`: with ``personal`` it is created (or cut
back) as 0600 before a byte is written, as the store itself is; without (``--redact``,
or rows that hold no personal data) it gets the usual permissions (0644 under the usual
umask).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

PRIVATE = 0o600
"""Read and write for the owner alone."""


@contextmanager
def open_personal(path: str | Path, *, personal: bool = True) -> Iterator[BinaryIO]:
    """``path`` opened for writing (binary, truncated): 0600 when ``personal``, set before
    anything is written (also when the file was already there with wider permissions)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE if personal else 0o666)
    try:
        if personal and hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE)
        f = os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        yield f


def write_personal(path: str | Path, data: bytes | str, *, personal: bool = True) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` (see :func:`open_personal`); the path."""
    with open_personal(path, personal=personal) as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)
