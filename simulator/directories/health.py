"""The health of a points-of-contact network, participant by participant.

:func:`directory_health` reads a directory (and optionally a check scenario) and gives
each participant's findings:

- **single points of failure** (:data:`SINGLE_POINTS`): ``no_working_contact`` (no contact
  has a channel: e-mail, portal or phone), ``one_working_contact`` (exactly one does),
  ``no_deputy`` (no ``deputy_policy``/``deputy_technical``), ``no_phone`` (no contact has
  a telephone: nobody to call when mail fails), ``no_duty_desk`` (no 24/7 duty desk: out
  of office hours nobody is at work), ``no_technical`` (no technical POC or deputy);
- **freshness**: the age of the participant's least recently verified entry, in bands
  (:data:`FRESHNESS_BANDS`: ``fresh`` under 1 year, ``ageing`` 1-2 years, ``stale`` 2 years
  or more; ``never`` when an entry was never verified), with the chance that entry's
  person is still in post under the scenario's turnover, ``(1 - turnover) ** age``;
- **languages not covered**: the languages the check is written in (the scenario's
  ``check.language``, else English) that none of the participant's working contacts reads
  (a contact's ``languages``, or the participant's when it lists none);
- **expected chance of acknowledging in time**, by **simulation** (not a closed form: the
  engine's chain of delivery, absence, triage, working hours, reminders and escalation has
  none): the share of ``R`` replications of the scenario, run on this directory, in which
  the participant acknowledged by the deadline, with its Wilson 95% interval. The
  engine, like every run, reaches a contact listed without any channel by e-mail (a
  directory may leave addresses out), so a ``no_working_contact`` participant is not
  penalised in its chance: the finding says what the simulation cannot.

Pure: no file, no screen. The command line's ``pocdrill directory analyse`` and the TUI's
health panel show what this returns.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from simulator.analysis.intervals import wilson
from simulator.model.directory import DEPUTY_OF, Directory, Participant

if TYPE_CHECKING:
    from simulator.model.check import CheckScenario

SINGLE_POINTS = {
    "no_working_contact": "no contact with a channel",
    "one_working_contact": "only one working contact",
    "no_deputy": "no deputy",
    "no_phone": "no phone",
    "no_duty_desk": "no 24/7 desk",
    "no_technical": "no technical POC",
}
"""Each single point of failure and how it reads."""
FRESHNESS_BANDS = ((1.0, "fresh"), (2.0, "ageing"), (float("inf"), "stale"))
"""Upper bounds (years, exclusive) of the freshness bands; ``never`` is its own band."""
DEFAULT_TURNOVER = 0.2
"""Turnover per year when no scenario says (WHO focal points: about 20% a year)."""
DEFAULT_REPLICATIONS = 200


@dataclass(frozen=True)
class AckChance:
    """A participant's share of replications acknowledged in time, and its interval."""

    share: float
    low: float
    high: float
    replications: int


@dataclass(frozen=True)
class ParticipantHealth:
    """One participant's findings (no names, e-mails or phones)."""

    code: str
    name: str
    group: str
    single_points: list[str]
    freshness: str
    oldest_age_years: float | None
    still_in_post: float | None
    languages_missing: list[str]
    ack_chance: AckChance | None = None

    @property
    def finding_count(self) -> int:
        """Single points of failure, plus one for a stale or never-verified entry and one
        per language not covered."""
        return (len(self.single_points) + (self.freshness in ("stale", "never"))
                + len(self.languages_missing))


@dataclass(frozen=True)
class DirectoryHealth:
    """Every participant's findings, and what they were measured against."""

    as_of: date
    languages: list[str]
    turnover: float
    participants: list[ParticipantHealth]
    method: str = "none"
    """How ack chances were found: ``simulation`` (``replications`` runs) or ``none``."""
    replications: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(), "languages": self.languages,
            "turnover_per_year": self.turnover, "ack_chance_method": self.method,
            "replications": self.replications, "counts": self.counts,
            "participants": [asdict(p) for p in self.participants],
        }


def freshness_band(age_years: float | None) -> str:
    """``fresh``, ``ageing``, ``stale`` by :data:`FRESHNESS_BANDS`; ``never`` for None."""
    if age_years is None:
        return "never"
    return next(name for bound, name in FRESHNESS_BANDS if age_years < bound)


def single_points(p: Participant) -> list[str]:
    """The single points of failure of ``p`` (keys of :data:`SINGLE_POINTS`, in order)."""
    working = [c for c in p.contacts if c.channels]
    roles = {c.role for c in p.contacts}
    found = []
    if not working:
        found.append("no_working_contact")
    elif len(working) == 1:
        found.append("one_working_contact")
    if not roles & set(DEPUTY_OF):
        found.append("no_deputy")
    if not any(c.phone for c in p.contacts):
        found.append("no_phone")
    if not any(c.duty_24_7 for c in p.contacts):
        found.append("no_duty_desk")
    if not roles & {"technical", "deputy_technical"}:
        found.append("no_technical")
    return found


def languages_missing(p: Participant, required: list[str]) -> list[str]:
    """The ``required`` languages no working contact of ``p`` reads."""
    read = {lang for c in p.contacts if c.channels for lang in (c.languages or p.languages)}
    return [lang for lang in required if lang not in read]


def _age(p: Participant, as_of: date) -> float | None:
    dates = [c.last_verified for c in p.contacts]
    if not dates or any(d is None for d in dates):
        return None
    oldest = min(d for d in dates if d is not None)
    return round(max(0, (as_of - oldest).days) / 365.25, 2)


def directory_health(
    directory: Directory,
    *,
    as_of: date,
    scenario: CheckScenario | None = None,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int = 1,
) -> DirectoryHealth:
    """Each participant's findings on ``as_of``; with a check ``scenario``, its language,
    turnover and each participant's chance of acknowledging in time (by simulating
    ``replications`` replications of it on ``directory``)."""
    languages = [scenario.check.language] if scenario is not None else ["en"]
    turnover = DEFAULT_TURNOVER
    if scenario is not None and scenario.behaviour.turnover_per_year is not None:
        turnover = scenario.behaviour.turnover_per_year
    chances = (ack_chances(scenario, directory, replications=replications, seed=seed)
               if scenario is not None else {})
    out = []
    for p in directory.participants:
        age = _age(p, as_of)
        out.append(ParticipantHealth(
            code=p.code, name=p.name, group=p.group, single_points=single_points(p),
            freshness=freshness_band(age), oldest_age_years=age,
            still_in_post=None if age is None else round((1 - turnover) ** age, 3),
            languages_missing=languages_missing(p, languages), ack_chance=chances.get(p.code),
        ))
    counts: Counter[str] = Counter()
    for h in out:
        counts.update(h.single_points)
        counts[f"freshness_{h.freshness}"] += 1
        counts.update(f"language_{lang}" for lang in h.languages_missing)
    return DirectoryHealth(as_of, languages, turnover, out,
                           method="simulation" if chances else "none",
                           replications=replications if chances else 0, counts=dict(counts))


def ack_chances(
    scenario: CheckScenario, directory: Directory, *, replications: int, seed: int = 1
) -> dict[str, AckChance]:
    """Per participant: the share of ``replications`` runs of ``scenario`` on
    ``directory`` in which it acknowledged by the deadline (replication k uses
    ``seed``'s stream k, as every run and sweep does)."""
    from simulator.engine.run import run

    scenario.validate_against(directory)
    acked: Counter[str] = Counter()
    for k in range(replications):
        result = run(scenario, directory, seed=seed, replication=k)
        for outcome in result.participants:
            if outcome.ack_at is not None and outcome.ack_at <= result.deadline_hours:
                acked[outcome.code] += 1
    out = {}
    for code in directory.codes:
        lo, hi = wilson(acked[code], replications)
        out[code] = AckChance(round(acked[code] / replications, 4), round(lo, 4),
                              round(hi, 4), replications)
    return out


@dataclass(frozen=True)
class HealthTable:
    """The health as text for every face: columns, one row per participant (most
    findings first) and the notes under the table."""

    columns: list[str]
    rows: list[list[str]]
    codes: list[str]
    notes: list[str]


def health_rows(health: DirectoryHealth) -> HealthTable:
    """The rows the command line and the TUI show: participant, single points of
    failure, freshness, languages not covered and the chance to acknowledge in time."""
    columns = ["code", "single points of failure", "freshness", "in post", "languages",
               "ack in time"]
    ordered = sorted(health.participants, key=lambda h: (
        -h.finding_count, h.ack_chance.share if h.ack_chance else 1.0, h.code))
    rows = []
    for h in ordered:
        # floored, so a shown age never reaches the next band's bound (1.99 is "1.9y")
        age = ("" if h.oldest_age_years is None
               else f" {math.floor(h.oldest_age_years * 10) / 10:.1f}y")
        ack = "-" if h.ack_chance is None else (
            f"{h.ack_chance.share:.0%} ({h.ack_chance.low:.0%}-{h.ack_chance.high:.0%})")
        rows.append([
            h.code,
            ", ".join(SINGLE_POINTS[k] for k in h.single_points) or "-",
            h.freshness + age,
            "-" if h.still_in_post is None else f"{h.still_in_post:.0%}",
            ", ".join(h.languages_missing) or "-",
            ack,
        ])
    c = health.counts
    n = len(health.participants)
    notes = [
        f"{n} participants; " + "; ".join(
            f"{c.get(k, 0)} {label}" for k, label in SINGLE_POINTS.items()),
        "freshness of the oldest entry: " + ", ".join(
            f"{c.get('freshness_' + b, 0)} {b}" for b in ("fresh", "ageing", "stale", "never"))
        + f" (fresh < 1y, ageing 1-2y, stale >= 2y); in post: chance the oldest entry's "
        f"person is still there at {health.turnover:.0%} turnover a year",
        f"languages checked: {', '.join(health.languages)}",
        (f"ack in time: share of {health.replications} simulated replications of the "
         "scenario on this directory (95% interval)") if health.method == "simulation"
        else "ack in time: give --scenario to simulate each participant's chance",
    ]
    return HealthTable(columns, rows, [h.code for h in ordered], notes)
