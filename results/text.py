"""Numbers as text, the one spelling used by reports, the terminal and the TUI.

* :func:`pct` - a share: ``0.625`` -> ``62.5%``;
* :func:`hours` - a duration in hours: ``36`` -> ``36.0 h``;
* :func:`hm` - hours and minutes: ``26.75`` -> ``26h45``;
* :func:`t_plus` - a clock since the start: ``47.09`` -> ``T+47:05``;
* :func:`utc` - an instant: ``2026-03-06 15:00 UTC``;
* :func:`plural` - a count and its noun: ``2 participants``.

None and NaN read ``-`` wherever a value may be missing.
"""

from __future__ import annotations

from datetime import datetime


def pct(x: float | None, digits: int = 1) -> str:
    """``0.625`` -> ``62.5%``; None/NaN -> ``-``."""
    if x is None or x != x:
        return "-"
    return f"{x * 100:.{digits}f}%"


def hours(x: float | None) -> str:
    """``36`` -> ``36.0 h``; None/NaN -> ``-``."""
    return "-" if x is None or x != x else f"{x:.1f} h"


def hm(x: float) -> str:
    """``1.0`` -> ``1h00``, ``26.75`` -> ``26h45`` (hours and minutes)."""
    minutes = max(0, round(x * 60))
    return f"{minutes // 60}h{minutes % 60:02d}"


def t_plus(x: float) -> str:
    """``T+47:05`` style: hours and minutes since the start (minutes truncated)."""
    minutes = int(x * 60 + 1e-6)
    return f"T+{minutes // 60:02d}:{minutes % 60:02d}"


def utc(d: datetime | None) -> str:
    """``2026-03-06 15:00 UTC``; None -> ``-``."""
    return "-" if d is None else d.strftime("%Y-%m-%d %H:%M UTC")


def plural(n: float, word: str, many: str | None = None) -> str:
    """``1 participant``, ``2 participants`` (``many`` for irregular plurals)."""
    return f"{n:g} {word if n == 1 else (many or word + 's')}"
