"""Who a live check writes to, and when: the check, reminders, escalations, a bounce's
next contact, and the phone call list.

* **the check** goes at the start to each participant's contacts of the scenario's
  recipient roles (all of its contacts when none holds one), each with its own token;
  every one of them needs an e-mail address (:class:`NoAddress` otherwise, before
  anything is sent);
* **reminders** go at each of ``check.reminders`` to the contacts already written to of
  each participant that has not acknowledged, threaded under their check (and to the
  deputies when ``reminders_to_deputies``);
* **escalation** (``escalate_to_deputies``) sends the check at ``check.escalation_hours``
  to the deputies (``deputy_policy`` for ``policy`` ...) of each participant still silent;
* **after a bounce**, the check goes to the participant's next contact with an address
  not written to yet: the deputy of the role that bounced first, then any other;
* **phone follow-up** (``check.phone_follow_up``): participants still silent make a call
  list for the facilitator (nothing is sent).

Plans are pure: they take the directory, what the outbox holds and who has acknowledged,
and give :class:`~results.mail.compose.Letter` objects.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from results.live.contacts import recipient_roles
from results.mail.compose import Letter
from results.mail.tokens import new_token
from simulator.model.check import CheckScenario
from simulator.model.directory import DEPUTY_OF, Contact, Directory, Participant

PRINCIPAL_DEPUTY = {v: k for k, v in DEPUTY_OF.items()}
"""The deputy role of each principal role (``policy`` -> ``deputy_policy``)."""


class NoAddress(ValueError):
    """Contacts the check must go to have no e-mail address."""


@dataclass(frozen=True)
class Sent:
    """What the outbox says was written to one contact: its token and its first check."""

    participant: str
    contact: str
    role: str
    token: str
    first_id: str


def keyed(p: Participant) -> list[tuple[str, Contact]]:
    return list(zip(p.contact_keys(), p.contacts, strict=True))


def addressees(scenario: CheckScenario, p: Participant) -> list[tuple[str, Contact]]:
    """``p``'s contacts the check goes to (recipient roles; all when none holds one)."""
    roles = recipient_roles(scenario)
    mine = keyed(p)
    return [(k, c) for k, c in mine if c.role in roles] or mine


def check_letters(scenario: CheckScenario, people: Sequence[Participant], run_id: int,
                  token: Callable[[int], str] = new_token) -> list[Letter]:
    """The check to every participant's addressees; :class:`NoAddress` when any lacks
    an e-mail address (naming them all by contact key)."""
    missing = [k for p in people for k, c in addressees(scenario, p) if not c.email]
    if missing:
        raise NoAddress(f"{len(missing)} contact(s) the check goes to have no e-mail "
                        f"address: {', '.join(missing[:10])}"
                        + (" ..." if len(missing) > 10 else ""))
    return [Letter(p.code, k, c.role, token(run_id), "check", 1)
            for p in people for k, c in addressees(scenario, p)]


def reminder_letters(scenario: CheckScenario, directory: Directory, sent: Sequence[Sent],
                     silent: Collection[str], n: int, run_id: int,
                     token: Callable[[int], str] = new_token) -> list[Letter]:
    """Reminder ``n`` (1 for the first) to the contacts already written to of each
    ``silent`` participant, threaded under their check; deputies too when asked."""
    out = [Letter(s.participant, s.contact, s.role, s.token, "reminder", n, (s.first_id,))
           for s in sent if s.participant in silent]
    if scenario.check.reminders_to_deputies:
        out += deputy_letters(directory, sent, silent, run_id, "reminder", n, token)
    return out


def deputy_letters(directory: Directory, sent: Sequence[Sent], silent: Collection[str],
                   run_id: int, kind: str = "escalation", n: int = 1,
                   token: Callable[[int], str] = new_token) -> list[Letter]:
    """The check to the deputies (with an address, not written to yet) of the roles
    written to of each ``silent`` participant."""
    written = {s.contact for s in sent}
    out = []
    for code in sorted(silent):
        p = directory.participant(code)
        roles = {PRINCIPAL_DEPUTY.get(s.role) for s in sent if s.participant == code}
        for k, c in keyed(p):
            if c.role in roles and c.email and k not in written:
                out.append(Letter(code, k, c.role, token(run_id), kind, n))
    return out


def next_contact(directory: Directory, sent: Sequence[Sent], code: str, bounced_role: str,
                 run_id: int, token: Callable[[int], str] = new_token) -> Letter | None:
    """The check to ``code``'s next contact after a bounce of ``bounced_role``: its deputy
    first, then any contact with an address not written to yet; None when none is left."""
    written = {s.contact for s in sent}
    left = [(k, c) for k, c in keyed(directory.participant(code))
            if c.email and k not in written]
    deputy = PRINCIPAL_DEPUTY.get(bounced_role)
    left.sort(key=lambda kc: kc[1].role != deputy)
    if not left:
        return None
    k, c = left[0]
    return Letter(code, k, c.role, token(run_id), "check", 1)


def call_list(directory: Directory, silent: Collection[str]) -> list[tuple[str, str, str]]:
    """(participant, contact key, phone) to call for each ``silent`` participant."""
    return [(code, k, c.phone) for code in sorted(silent)
            for k, c in keyed(directory.participant(code)) if c.phone]
