"""Where two organisations' directories disagree about the same state.

ARF and OSCE exchanging their directories is the heart of an interregional check; the
first thing the exchange shows is where the two disagree. For every state listed in both,
:func:`compare_directories` reports:

* ``address``: a role held in both with different e-mail addresses or telephones;
* ``stale``: a role whose entry was verified within ``stale_after_days`` of ``as_of`` in
  one directory but not in the other (or never);
* ``missing_role``: a role listed in one directory only;
* ``calendar``: a different time zone, work week, office hours or holiday calendar;
* ``name``: a different name.

States listed in one directory only are listed as such. Addresses are personal data: a
difference names them only with ``personal=True``.

Contacts are compared by role; a combined directory (contacts marked ``listed_in``) is
split back into its directories by :func:`split_combined`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from simulator.model.directory import Contact, Directory, Participant

KINDS = ("name", "calendar", "missing_role", "address", "stale")
"""The kinds of disagreement, in the order a state's are listed."""

STALE_AFTER_DAYS = 365
"""An entry not verified for longer than this is stale (RIPE NCC validates yearly)."""


@dataclass(frozen=True, slots=True)
class Difference:
    """One disagreement about one state."""

    code: str
    kind: str
    role: str | None
    detail: str


@dataclass(frozen=True)
class DirectoryComparison:
    """Two directories compared state by state (see the module docstring)."""

    names: tuple[str, str]
    as_of: date
    shared: list[str]
    only: dict[str, list[str]]
    differences: list[Difference] = field(default_factory=list)
    state_names: dict[str, str] = field(default_factory=dict)

    @property
    def disagreeing(self) -> list[str]:
        """Codes of the shared states with at least one difference, in order."""
        return list(dict.fromkeys(d.code for d in self.differences))

    def to_dict(self) -> dict[str, Any]:
        """The comparison as plain JSON-ready data."""
        a, b = self.names
        return {
            "directories": [a, b],
            "as_of": self.as_of.isoformat(),
            "shared": self.shared,
            "only": self.only,
            "agreeing": [c for c in self.shared if c not in set(self.disagreeing)],
            "differences": [asdict(d) for d in self.differences],
        }

    def lines(self) -> list[str]:
        """The comparison as text, one line per finding."""
        a, b = self.names
        out = [f"{a} and {b}: {len(self.shared)} states in both, "
               f"{len(self.disagreeing)} of them disagreeing (as of {self.as_of.isoformat()})"]
        for name, codes in self.only.items():
            if codes:
                out.append(f"only in {name}: {', '.join(codes)}")
        for d in self.differences:
            role = f" {d.role}" if d.role else ""
            out.append(f"{d.code} ({self.state_names.get(d.code, d.code)}){role}: {d.detail}")
        return out


def split_combined(directory: Directory) -> dict[str, Directory]:
    """A combined directory (contacts marked ``listed_in``) as its directories, by key.
    Each keeps the combined participant's calendar (the first directory's)."""
    keys = list(dict.fromkeys(c.listed_in for p in directory.participants
                              for c in p.contacts if c.listed_in))
    out = {}
    for key in keys:
        parts = []
        for p in directory.participants:
            mine = [c for c in p.contacts if c.listed_in == key]
            if mine:
                parts.append(p.model_copy(update={"contacts": mine}))
        out[key] = directory.model_copy(update={"name": key, "organisation": key,
                                                "participants": parts, "stakeholders": []})
    return out


def compare_directories(
    a: Directory, b: Directory, *, names: tuple[str, str] | None = None, as_of: date,
    stale_after_days: int = STALE_AFTER_DAYS, personal: bool = False,
) -> DirectoryComparison:
    """Where ``a`` and ``b`` disagree about the states they both list (module docstring)."""
    na, nb = names or (a.organisation, b.organisation)
    if na == nb:
        na, nb = f"{na} (1)", f"{nb} (2)"
    in_b = {p.code: p for p in b.participants}
    in_a = {p.code for p in a.participants}
    shared = [p.code for p in a.participants if p.code in in_b]
    fresh_since = as_of - timedelta(days=stale_after_days)
    diffs: list[Difference] = []
    for pa in a.participants:
        pb = in_b.get(pa.code)
        if pb is not None:
            diffs += _state(pa, pb, (na, nb), fresh_since, personal)
    return DirectoryComparison(
        names=(na, nb), as_of=as_of, shared=shared,
        only={na: [c for c in a.codes if c not in in_b], nb: [c for c in b.codes if c not in in_a]},
        differences=diffs, state_names={p.code: p.name for p in a.participants},
    )


def _state(pa: Participant, pb: Participant, names: tuple[str, str], fresh_since: date,
           personal: bool) -> list[Difference]:
    """The differences about one state listed in both directories, in :data:`KINDS` order."""
    na, nb = names
    code = pa.code
    out: list[Difference] = []
    if pa.name != pb.name:
        out.append(Difference(code, "name", None,
                              f"named {pa.name!r} in {na}, {pb.name!r} in {nb}"))
    fields = [f for f in ("timezone", "work_week", "office_hours", "holiday_country")
              if getattr(pa, f) != getattr(pb, f)]
    if fields:
        out.append(Difference(code, "calendar", None, "different " + ", ".join(
            f"{f.replace('_', ' ')} ({_text(getattr(pa, f))} in {na}, "
            f"{_text(getattr(pb, f))} in {nb})" for f in fields)))
    ra, rb = _by_role(pa), _by_role(pb)
    for role in ra:
        if role not in rb:
            out.append(Difference(code, "missing_role", role, f"listed in {na}, missing in {nb}"))
    for role in rb:
        if role not in ra:
            out.append(Difference(code, "missing_role", role, f"listed in {nb}, missing in {na}"))
    both = [r for r in ra if r in rb]
    for role in both:
        for what, attr in (("e-mail addresses", "email"), ("telephones", "phone")):
            sa, sb = _values(ra[role], attr), _values(rb[role], attr)
            if sa and sb and sa != sb:
                shown = f": {', '.join(sorted(sa))} in {na}, {', '.join(sorted(sb))} in {nb}"
                out.append(Difference(code, "address", role,
                                      f"different {what}" + (shown if personal else "")))
    for role in both:
        va, vb = _verified(ra[role]), _verified(rb[role])
        fa, fb = va is not None and va >= fresh_since, vb is not None and vb >= fresh_since
        if fa != fb:
            (stale, sv), (fresh, fv) = ((na, va), (nb, vb)) if fb else ((nb, vb), (na, va))
            out.append(Difference(code, "stale", role, (
                f"stale in {stale} ({_when(sv)}), fresh in {fresh} ({_when(fv)})")))
    return out


def _by_role(p: Participant) -> dict[str, list[Contact]]:
    out: dict[str, list[Contact]] = {}
    for c in p.contacts:
        out.setdefault(c.role, []).append(c)
    return out


def _values(contacts: list[Contact], attr: str) -> set[str]:
    vals = (getattr(c, attr) for c in contacts)
    return {"".join(v.lower().split()) for v in vals if v}


def _verified(contacts: list[Contact]) -> date | None:
    dates = [c.last_verified for c in contacts if c.last_verified is not None]
    return max(dates) if dates else None


def _when(d: date | None) -> str:
    return f"verified {d.isoformat()}" if d else "never verified"


def _text(v: object) -> str:
    return " ".join(v) if isinstance(v, list) else str(v or "none")
