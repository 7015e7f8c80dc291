"""A live check watched against what its network is expected to do.

:func:`expected_band_for` runs the replications of
:func:`simulator.analysis.expected.expected_band` for a live run's scenario and directory,
started at the run's start, **once**: the band is cached as a JSON file under
``$XDG_CACHE_HOME/pocdrill/expected/`` (``~/.cache``), named by a hash of the scenario
text, the directory, the start, the number of replications and the seed, so the board,
``pocdrill live status`` and the report share one computation. The file holds participant
codes and hours only.

:func:`live_expected` sets a live run's participants against the band at ``t``: the
share acknowledged by then and the expected 5/50/95% share, a warning when the live share
is below the band, and each silent participant's chance of acknowledging by the deadline,
lowest first (whom to phone first).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.analysis.expected import ExpectedBand, expected_band
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from simulator.model.errors import InputError
from simulator.model.outcome import ParticipantOutcome

if TYPE_CHECKING:
    from results.store import Store

DEFAULT_REPLICATIONS = 500
BAND_SEED = 0
_FORMAT = "expected-band/1"


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/pocdrill/expected`` (``~/.cache/pocdrill/expected``)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "pocdrill" / "expected"


def band_key(scenario_text: str, directory: Directory, start: datetime, replications: int,
             seed: int = BAND_SEED) -> str:
    """The cache key of a band: what determines it."""
    h = hashlib.sha256()
    for part in (_FORMAT, scenario_text, directory.model_dump_json(), start.isoformat(),
                 str(replications), str(seed)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def cached_band(key: str, folder: Path | None = None) -> ExpectedBand | None:
    """The band cached under ``key``, or None (none yet, or unreadable)."""
    path = (folder or cache_dir()) / f"{key}.json"
    try:
        return ExpectedBand.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save(key: str, band: ExpectedBand, folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(band.to_dict()), encoding="utf-8")
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass  # a cache that cannot be written only costs a recomputation


def expected_band_for(
    scenario_text: str, scenario: CheckScenario, directory: Directory, start: datetime, *,
    replications: int = DEFAULT_REPLICATIONS, workers: int = 1, folder: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExpectedBand:
    """The band of ``scenario`` on ``directory`` started at ``start``: from the cache, or
    computed and cached (see the module docstring)."""
    folder = folder or cache_dir()
    key = band_key(scenario_text, directory, start, replications)
    band = cached_band(key, folder)
    if band is None:
        band = expected_band(scenario, directory, start, replications=replications,
                             seed=BAND_SEED, workers=workers, progress=progress)
        _save(key, band, folder)
    return band


@dataclass(frozen=True)
class LiveExpected:
    """A live check at ``t`` hours against its expected band."""

    t: float
    participants: int
    acknowledged: int
    share: float
    expected: tuple[float, float, float]
    """The 5%, 50% and 95% expected share acknowledged at ``t``."""
    replications: int
    deadline: float
    silent: list[tuple[str, float]] = field(default_factory=list)
    """Each silent participant and its chance of acknowledging by the deadline, lowest
    first (empty once the deadline has passed)."""

    @property
    def below(self) -> bool:
        """The live share is below the band."""
        return self.share < self.expected[0] - 1e-9

    def warning(self) -> str | None:
        """One line when the live curve is below the band."""
        if not self.below:
            return None
        return (f"warning: {self.share:.0%} acknowledged after {self.t:.1f}h, below the "
                f"expected band ({self.expected[0]:.0%} to {self.expected[2]:.0%}); call "
                "the least likely first")

    def headline(self) -> str:
        """``expected by now ...: 42% (90% band 35% to 50%); acknowledged 30%``."""
        lo, mid, hi = self.expected
        return (f"expected by now ({self.replications} replications from the same start): "
                f"{mid:.0%} (90% band {lo:.0%} to {hi:.0%}); acknowledged {self.share:.0%}")

    def lines(self) -> list[str]:
        """What every face shows: the headline, the warning when below the band, and
        whom to phone first."""
        lines = [self.headline()]
        warning = self.warning()
        if warning:
            lines.append(warning)
        if self.silent:
            lines.append("chance of acknowledging by the deadline, lowest first (phone "
                         "these first): " + ", ".join(f"{c} {p:.0%}" for c, p in self.silent))
        return lines

    def to_dict(self) -> dict[str, Any]:
        lo, mid, hi = self.expected
        return {"hours": round(self.t, 3), "participants": self.participants,
                "acknowledged": self.acknowledged, "share": self.share,
                "expected": {"p05": lo, "p50": mid, "p95": hi},
                "below_band": self.below, "replications": self.replications,
                "deadline_hours": self.deadline,
                "silent": [{"participant": c, "chance_by_deadline": round(p, 4)}
                           for c, p in self.silent]}


def live_expected(band: ExpectedBand, participants: Sequence[ParticipantOutcome], t: float
                  ) -> LiveExpected:
    """``participants`` at ``t`` against ``band`` (see the module docstring)."""
    known = set(band.codes)
    mine = [p for p in participants if p.code in known]
    acked = [p for p in mine if p.ack_at is not None and p.ack_at <= t]
    silent = [p.code for p in mine if p.ack_at is None or p.ack_at > t]
    chances = [] if t >= band.deadline else sorted(
        ((c, band.chance_by_deadline(c, t)) for c in silent), key=lambda cp: (cp[1], cp[0]))
    share = len(acked) / len(mine) if mine else 0.0
    return LiveExpected(t, len(mine), len(acked), share, band.share_at(t),
                        band.replications, band.deadline, chances)


@dataclass(frozen=True)
class BandInputs:
    """What a live check's band is computed from."""

    scenario_text: str
    scenario: CheckScenario
    directory: Directory
    start: datetime


def band_inputs(store: Store, run_id: int, *, places: Sequence[Path] = ()) -> BandInputs | None:
    """Stored live check ``run_id``'s scenario, directory and start (None when it is not a
    live check, or its scenario or directory cannot be found again). Quick: a caller
    holding the store computes the band after letting it go."""
    from results.stored_scenario import stored_scenario

    info = store.get_run(run_id)
    if info.mode != "live" or info.start is None:
        return None
    try:
        found = stored_scenario(info.scenario_text or "", places=places)
    except InputError:
        return None
    sc = found.loaded.scenario
    if not isinstance(sc, CheckScenario) or found.directory is None:
        return None
    return BandInputs(info.scenario_text or "", sc, found.directory, info.start)


def band_of_run(
    store: Store, run_id: int, *, places: Sequence[Path] = (),
    replications: int = DEFAULT_REPLICATIONS, workers: int = 1, folder: Path | None = None,
) -> ExpectedBand | None:
    """The expected band of stored live check ``run_id`` (None: see :func:`band_inputs`)."""
    got = band_inputs(store, run_id, places=places)
    if got is None:
        return None
    return expected_band_for(got.scenario_text, got.scenario, got.directory, got.start,
                             replications=replications, workers=workers, folder=folder)


def expected_status(
    store: Store, run_id: int, *, places: Sequence[Path] = (), now: datetime | None = None,
    replications: int = DEFAULT_REPLICATIONS, workers: int = 1, folder: Path | None = None,
) -> LiveExpected | None:
    """Live check ``run_id`` now against its expected band (None: no band can be made;
    see :func:`band_of_run`)."""
    from results.live.stored import load_live_state
    from results.models import utcnow

    band = band_of_run(store, run_id, places=places, replications=replications,
                       workers=workers, folder=folder)
    if band is None:
        return None
    state = load_live_state(store, run_id)
    t = max(0.0, ((now or utcnow()) - state.start).total_seconds() / 3600.0)
    return live_expected(band, state.participants, min(t, band.horizon))
