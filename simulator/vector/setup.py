"""What the vector engine knows about a directory and a check before any draw: the
contacts as arrays (participant, tier, roles, calendars, staleness odds...), built once
per scenario and directory and shared by every batch."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.calendar.work import WorkCalendar
from simulator.engine.contacts import prepared
from simulator.engine.secretariat import Secretariat
from simulator.model.behaviour import EffectiveBehaviour, tier_behaviours
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from simulator.vector.calendar import CalendarSet, VectorCalendar

TIERS = ("high", "medium", "low")
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]
Floats = NDArray[np.float64]


@dataclass
class Layout:
    """Contacts of a directory as arrays (contacts of a participant are contiguous)."""

    codes: list[str]
    names: list[str]
    groups: list[str]
    keys: list[str]
    roles: list[str]
    party: Ints  # participant of each contact
    starts: Ints  # first contact of each participant (for reduceat)
    tier: Ints  # tier of each contact (index in TIERS)
    party_tier: Ints
    recipient: Bools  # the check is sent to it at the start
    deputy: Bools
    duty: Bools
    email: Bools  # its channel is e-mail (a spam filter applies)
    translate: Bools
    p_post: Floats  # chance the entry is still in post
    retry_rank: Ints  # order in which a retry picks untried contacts (lower first)
    phone: Bools  # it has a telephone number
    call_rank: Ints  # order in which the phone follow-up calls (lower first)
    deputy_rank: Ints  # position among its participant's contacts, principals first
    mandate_fixed: Ints  # the directory's mandate (1 yes, 0 no), -1: drawn per tier
    calendars: CalendarSet
    behaviours: list[EffectiveBehaviour]
    secretariat: Secretariat
    secretariat_vector: VectorCalendar

    @property
    def size(self) -> int:
        return len(self.keys)

    def per_tier(self, field: str) -> Floats:
        """A behaviour number of each contact's tier."""
        values = np.array([float(getattr(b, field)) for b in self.behaviours])
        return values[self.tier]

    def per_party(self, field: str) -> Floats:
        """A behaviour number of each participant's tier."""
        values = np.array([float(getattr(b, field)) for b in self.behaviours])
        return values[self.party_tier]

    def dists(self, field: str) -> list[object]:
        return [getattr(b, field) for b in self.behaviours]


def layout(scenario: CheckScenario, directory: Directory) -> Layout:
    """The arrays of ``scenario`` on ``directory`` (see :class:`Layout`)."""
    check = scenario.check
    horizon = check.horizon_hours
    tb = tier_behaviours(scenario.behaviour)
    behaviours = [tb[t] for t in TIERS]
    cals: dict[int, int] = {}
    vcals: list[VectorCalendar] = []
    cols: dict[str, list] = {k: [] for k in (
        "keys", "roles", "party", "tier", "recipient", "deputy", "duty", "email",
        "translate", "p_post", "retry_rank", "phone", "call_rank", "deputy_rank", "mandate",
        "cal")}
    codes, names, groups, starts, ptier = [], [], [], [], []
    recipients = set(check.recipients)
    for i, (p, statics) in enumerate(prepared(directory, check.start, horizon, check.language)):
        tier = TIERS.index(str(p.capacity))
        beh = behaviours[tier]
        codes.append(p.code)
        names.append(p.name)
        groups.append(p.group)
        starts.append(len(cols["keys"]))
        ptier.append(tier)
        held = [st.role in recipients for st in statics]
        first_only = not any(held)
        order = sorted(range(len(statics)), key=lambda j: (
            statics[j].role not in recipients, statics[j].is_deputy is False))
        calls = sorted(range(len(statics)), key=lambda j: (
            statics[j].role not in recipients, statics[j].is_deputy))
        deputies = sorted(range(len(statics)), key=lambda j: statics[j].is_deputy)
        for j, st in enumerate(statics):
            cal: WorkCalendar = st.calendar
            if id(cal) not in cals:
                cals[id(cal)] = len(vcals)
                vcals.append(VectorCalendar(cal, horizon))
            age = st.age_years if st.age_years is not None else beh.unknown_age_years
            cols["keys"].append(st.key)
            cols["roles"].append(st.role)
            cols["party"].append(i)
            cols["tier"].append(tier)
            cols["recipient"].append(held[j] or (first_only and j == 0))
            cols["deputy"].append(st.is_deputy)
            cols["duty"].append(st.contact.duty_24_7)
            cols["email"].append(st.channel == "email")
            cols["translate"].append(st.needs_translation)
            cols["p_post"].append((1.0 - beh.turnover_per_year) ** age)
            cols["retry_rank"].append(order.index(j))
            cols["phone"].append(bool(st.contact.phone))
            cols["call_rank"].append(calls.index(j))
            cols["deputy_rank"].append(deputies.index(j))
            cols["mandate"].append(-1 if st.mandate is None else int(st.mandate))
            cols["cal"].append(cals[id(cal)])
    arr = {k: np.asarray(v) for k, v in cols.items() if k not in ("keys", "roles")}
    sec = Secretariat(check.secretariat, check.start, horizon)
    return Layout(
        codes, names, groups, cols["keys"], cols["roles"],
        arr["party"].astype(np.int64), np.asarray(starts, dtype=np.int64),
        arr["tier"].astype(np.int64), np.asarray(ptier, dtype=np.int64),
        arr["recipient"].astype(bool), arr["deputy"].astype(bool), arr["duty"].astype(bool),
        arr["email"].astype(bool), arr["translate"].astype(bool),
        arr["p_post"].astype(np.float64), arr["retry_rank"].astype(np.int64),
        arr["phone"].astype(bool), arr["call_rank"].astype(np.int64),
        arr["deputy_rank"].astype(np.int64), arr["mandate"].astype(np.int64),
        CalendarSet(vcals, arr["cal"].astype(np.int64)), behaviours, sec,
        VectorCalendar(sec.calendar, horizon),
    )
