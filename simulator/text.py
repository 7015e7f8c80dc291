"""How hours, rates and instants read as text, for every face: reports, the terminal, the
TUI, scenario files and outlines, and the simulator's own messages.

Shares, hours and instants:

* :func:`pct` - a share: ``0.625`` -> ``62.5%``;
* :func:`hours` - a duration in hours: ``36`` -> ``36.0 h``;
* :func:`utc` - an instant: ``2026-03-06 15:00 UTC``;
* :func:`plural` - a count and its noun: ``2 participants``.

Hours and minutes, one spelling for each use:

* :func:`hm` - a span observed (reports, summaries): ``26.75`` -> ``26h45``;
* :func:`t_plus` - a clock since the start: ``47.09`` -> ``T+47:05``;
* :func:`time_left` - a countdown to a deadline: ``47h05m``, then ``over``;
* :func:`hours_minutes` - an hour of a scenario's timeline: ``48h10m``, ``6h``, ``0h30m``;
* :func:`compact_hm` - a time in a scenario outline: ``1h30m``, ``30m``, ``6h``;
* :func:`short_duration` - a duration as a scenario file writes it: ``90m``, ``36h``, ``3d``.

The cells of a sweep table: :func:`rate_interval` (a rate with its 95% interval),
:func:`diff_interval` (a paired difference) and :func:`axis_value` (a swept value).

None and NaN read ``-`` wherever a value may be missing.

Free text (names, notes, inject texts) on a terminal: :func:`shown`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any


def pct(x: float | None, digits: int = 1) -> str:
    """``0.625`` -> ``62.5%``; None/NaN -> ``-``."""
    if x is None or x != x:
        return "-"
    return f"{x * 100:.{digits}f}%"


def hours(x: float | None) -> str:
    """``36`` -> ``36.0 h``; None/NaN -> ``-``."""
    return "-" if x is None or x != x else f"{x:.1f} h"


def utc(d: datetime | None) -> str:
    """``2026-03-06 15:00 UTC``; None -> ``-``."""
    return "-" if d is None else d.strftime("%Y-%m-%d %H:%M UTC")


def plural(n: float, word: str, many: str | None = None) -> str:
    """``1 participant``, ``2 participants`` (``many`` for irregular plurals)."""
    return f"{n:g} {word if n == 1 else (many or word + 's')}"


# -- hours and minutes ------------------------------------------------------------------
def hm(x: float) -> str:
    """``1.0`` -> ``1h00``, ``26.75`` -> ``26h45`` (minutes rounded; never negative)."""
    minutes = max(0, round(x * 60))
    return f"{minutes // 60}h{minutes % 60:02d}"


def t_plus(x: float) -> str:
    """``T+47:05`` style: hours and minutes since the start (minutes truncated)."""
    minutes = int(x * 60 + 1e-6)
    return f"T+{minutes // 60:02d}:{minutes % 60:02d}"


def time_left(x: float) -> str:
    """Time left to a deadline: ``47h05m`` (minutes truncated); ``over`` once it passed."""
    if x <= 0:
        return "over"
    minutes = int(x * 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"


def hours_minutes(x: float) -> str:
    """``48.1667`` -> ``48h10m``; ``6`` -> ``6h``; ``0.5`` -> ``0h30m`` (minutes rounded)."""
    h, m = divmod(round(x * 60), 60)
    return f"{h}h{m:02d}m" if m else f"{h}h"


def compact_hm(x: float) -> str:
    """``1.5`` -> ``1h30m``; ``0.5`` -> ``30m``; ``6`` -> ``6h`` (a zero part left out)."""
    h, m = divmod(round(x * 60), 60)
    if h and m:
        return f"{h}h{m:02d}m"
    return f"{m}m" if m else f"{h}h"


def short_duration(x: float) -> str:
    """The shortest exact spelling a scenario file reads back: ``72`` -> ``3d``, ``1.5``
    -> ``90m``, ``36`` -> ``36h``."""
    if x == 0:
        return "0h"
    if x % 24 == 0:
        return f"{int(x // 24)}d"
    if float(x).is_integer():
        return f"{int(x)}h"
    minutes = x * 60
    if abs(minutes - round(minutes)) < 1e-9:
        return f"{round(minutes)}m"
    return f"{x:g}h"


# -- sweep tables -----------------------------------------------------------------------
def _around(mean: float, lo: float, hi: float, sign: str = "") -> str:
    """``86.6 ±1.5`` for a symmetric interval; ``97.5 (94.0 to 100.0)`` for one clipped at
    a bound (percent or percentage points)."""
    m, a, b = mean * 100, lo * 100, hi * 100
    if abs((m - a) - (b - m)) < 0.05:
        return f"{m:{sign}.1f} ±{(b - a) / 2:.1f}"
    return f"{m:{sign}.1f} ({a:{sign}.1f} to {b:{sign}.1f})"


def rate_interval(rate: float | None, ci: Sequence[float | None] | None) -> str:
    """``86.6 ±1.5`` (percent; a symmetric 95% interval), or ``97.5 (94.0 to 100.0)`` when
    it is not (a Wilson interval near 0 or 100%); just the rate without an interval (one
    replication)."""
    if rate is None:
        return "-"
    if not ci or ci[0] is None or ci[1] is None:
        return f"{rate * 100:.1f}"
    return _around(rate, ci[0], ci[1])


def diff_interval(d: Sequence[float | None] | None) -> str:
    """A paired difference ``[mean, lo, hi]`` in percentage points: ``+3.2 ±1.1``."""
    if not d or d[0] is None:
        return "-"
    lo, hi = d[1], d[2]
    if lo is None or hi is None:
        return f"{d[0] * 100:+.1f}"
    return _around(d[0], lo, hi, "+")


def axis_value(v: Any) -> str:
    """A swept value as a table cell (strings bare, the rest as compact JSON)."""
    if isinstance(v, str):
        return v
    return json.dumps(v, default=str).replace('"', "")


# C0 controls but line feed and tab, DEL, C1 controls, and the bidirectional controls that
# reorder what follows them (the "Trojan Source" characters), the line and paragraph
# separators that break a line where a terminal does not expect it
_UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                      "\u202a-\u202e\u2066-\u2069]")
_ONE_LINE = re.compile("[\n\t]")


def shown(text: object, *, lines: bool = True) -> str:
    """Free text as a terminal (the command line, the TUI) shows it: every control
    character, escape sequence start and bidirectional override written out as
    ``\\x1b``, ``\\u202e``, so stored text cannot move the cursor, recolour or clear the
    screen, or reorder the line; with ``lines`` False line breaks and tabs too (a table
    cell, a title). Emoji, combining and all printable characters stay as they are.
    Markup is the face's business: show the result as plain text (Rich ``Text``), never
    as markup."""
    s = str(text)
    s = _UNSHOWN.sub(_escaped, s)
    return s if lines else _ONE_LINE.sub(_escaped, s)


def _escaped(m: re.Match[str]) -> str:
    return m.group().encode("unicode_escape").decode("ascii")
