"""A live run's contacts: staleness, where a bounce goes, who answered."""

from __future__ import annotations

from results.live.events import participants_from_events
from simulator.model.outcome import Event, ParticipantOutcome


def _p(code: str, group: str = "G1", **kw: object) -> ParticipantOutcome:
    return ParticipantOutcome(code=code, name=f"State {code}", group=group, **kw)  # type: ignore[arg-type]


def test_live_contacts_are_stale_by_last_verified_and_carry_no_personal_data() -> None:
    from results.live.contacts import bounce_contact, live_contacts, recipient_roles
    from simulator.io.scenario_files import scenario_from_text
    from simulator.model.outcome import ContactOutcome
    from tests.functional.tui.support import CHECK, NOW, tiny_directory

    # default turnover 0.2 a year: stale once (0.8 ** age) < 1/2, i.e. after about 3.1 years
    text = CHECK.replace("  turnover_per_year: 0.0\n", "")
    scenario = scenario_from_text(text).scenario
    contacts = live_contacts(scenario, tiny_directory().participants, NOW)
    assert all(isinstance(c, ContactOutcome) for c in contacts)
    assert len(contacts) == 12 and contacts[0] == ContactOutcome("XA", "XA/policy", "policy")
    # XC's policy desk was last verified on 2023-01-01 (3.2 years); XD's never (3 years
    # assumed); every technical desk in December 2025
    assert [c.key for c in contacts if c.stale] == ["XC/policy"]
    assert bounce_contact("XB", contacts, recipient_roles(scenario)).key == "XB/policy"  # type: ignore[union-attr]
    assert bounce_contact("XB", contacts, ["technical"]).key == "XB/technical"  # type: ignore[union-attr]
    assert bounce_contact("ZZ", contacts, ["policy"]) is None

def test_each_bounce_goes_to_the_next_address_not_bounced_yet() -> None:
    from results.live.contacts import bounce_contact
    from simulator.model.outcome import ContactOutcome

    contacts = [ContactOutcome("AM", "AM/policy", "policy"),
                ContactOutcome("AM", "AM/technical", "technical"),
                ContactOutcome("AM", "AM/duty", "duty")]
    roles = ["policy", "technical"]
    hit = []
    for _ in range(3):
        c = bounce_contact("AM", contacts, roles)
        if c is not None:
            c.bounced = True
        hit.append(c.key if c is not None else None)
    assert hit == ["AM/policy", "AM/technical", None]  # the duty desk is not sent the check
    # a participant with no contact of a recipient role: its contacts in turn
    others = [ContactOutcome("BB", "BB/duty", "duty"), ContactOutcome("BB", "BB/other", "x")]
    assert bounce_contact("BB", others, roles).key == "BB/duty"  # type: ignore[union-attr]

def test_a_live_participants_contacts_answer_when_it_acknowledges() -> None:
    from results.live.contacts import contacts_answered
    from simulator.model.outcome import ContactOutcome

    ps = participants_from_events([_p("AL"), _p("BB")],
                                  [Event(1.0, "acknowledged", "AL", None, None, "")])
    contacts = [ContactOutcome("AL", "AL/policy", "policy", stale=True),
                ContactOutcome("AL", "AL/technical", "technical"),
                ContactOutcome("BB", "BB/policy", "policy", stale=True)]
    marked = contacts_answered(contacts, ps)
    assert [(c.key, c.acknowledged_at) for c in marked] == [
        ("AL/policy", 1.0), ("AL/technical", 1.0), ("BB/policy", None)]
    assert contacts[0].acknowledged_at is None  # copies