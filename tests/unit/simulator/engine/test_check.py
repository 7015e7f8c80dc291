"""The communication-check engine reduces to known answers and keeps its invariants."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from simulator.analysis.metrics import quantile, summarize
from simulator.engine.check import PHONE_RETRY_GAP_HOURS
from simulator.engine.run import run, run_replications
from simulator.model.check import CheckScenario
from simulator.model.directory import Contact, Directory, Participant
from simulator.model.outcome import ParticipantOutcome, RunResult
from tests import ROOT

SCENARIOS = ROOT / "scenarios"
START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # a Tuesday

# Everything that could get in the way switched off.
PERFECT = {
    "turnover_per_year": 0.0,
    "spam_loss": 0.0,
    "absence": 0.0,
    "mandate": 1.0,
    "responsiveness": 1.0,
    "ack_delay": {"dist": "fixed", "value": 0},
}


def directory(
    n: int,
    *,
    tz: str = "UTC",
    duty: bool = True,
    verified: date | None = date(2026, 3, 10),
    roles: tuple[str, ...] = ("policy",),
    work_week: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri"),
    phone: bool = False,
) -> Directory:
    parts = []
    for i in range(n):
        code = f"Q{i // 26 % 26 + 65:c}{i % 26 + 65:c}" if n > 26 else f"X{i + 65:c}"
        contacts = [
            Contact(
                role=r,
                email=f"{r}.{code.lower()}@mfa.example.org",
                phone="+00 555 0100" if phone else None,
                duty_24_7=duty,
                last_verified=verified,
                languages=["en"],
            )
            for r in roles
        ]
        parts.append(
            Participant(
                code=code,
                name=f"State {code}",
                group="G" + str(i % 2),
                timezone=tz,
                work_week=list(work_week),
                contacts=contacts,
            )
        )
    return Directory(name="test", organisation="custom", participants=parts)


def scenario(behaviour: dict, **check) -> CheckScenario:
    """A check on these tests' directories; a 24/7 desk triages like the ``triage`` given
    (the closed forms below are about that one distribution)."""
    if "triage" in behaviour and "duty_triage" not in behaviour:
        behaviour = {**behaviour, "duty_triage": behaviour["triage"]}
    check.setdefault("start", START)
    check.setdefault("recipients", ["policy"])
    return CheckScenario.model_validate(
        {
            "name": "t",
            "directory": {"profile": "un", "seed": 1},
            "check": check,
            "behaviour": behaviour,
        }
    )


def test_exponential_triage_gives_closed_form_share_within_deadline() -> None:
    m, d = 10.0, 12.0
    sc = scenario(
        {**PERFECT, "triage": {"dist": "exponential", "mean": f"{m}h"}},
        deadline=f"{d}h",
        horizon="200h",
    )
    results = run_replications(sc, directory(400), seed=3, replications=5)
    n = 400 * 5
    share = summarize(results)["ack_rate"]
    expected = 1 - math.exp(-d / m)
    tol = 4 * math.sqrt(expected * (1 - expected) / n)
    assert abs(share - expected) < tol
    # median over everyone (all acknowledge within the long horizon) is m ln 2
    times = [p.ack_at for r in results for p in r.participants]
    assert all(t is not None for t in times)
    med = quantile(times, 0.5)
    assert med is not None
    # sd of the sample median of Exp(m) is about m / sqrt(n)
    assert abs(med - m * math.log(2)) < 4 * m / math.sqrt(n)


def test_staleness_alone_gives_turnover_power_age() -> None:
    age, turnover = 2, 0.2
    sc = scenario(
        {**PERFECT, "turnover_per_year": turnover, "triage": {"dist": "fixed", "value": "1h"}},
        deadline="72h",
    )
    verified = date(2024, 3, 10)  # two years (730 days) before the start
    results = run_replications(sc, directory(400, verified=verified), seed=11, replications=5)
    reachable = sum(p.ack_at is not None for r in results for p in r.participants) / 2000
    expected = (1 - turnover) ** (730 / 365.25)
    assert abs(expected - (1 - turnover) ** age) < 0.001
    assert abs(reachable - expected) < 4 * math.sqrt(expected * (1 - expected) / 2000)
    stale = sum(c.stale for r in results for c in r.contacts)
    unreached = sum(p.ack_at is None for r in results for p in r.participants)
    assert stale == unreached  # with nothing else in the way, exactly the stale are lost


def _median_ack(start: datetime) -> float:
    sc = scenario(
        {**PERFECT, "triage": {"dist": "lognormal", "median": "2h", "sigma": 0.8}},
        start=start,
        deadline="72h",
        horizon="240h",
    )
    dirc = directory(200, tz="Europe/Berlin", duty=False)
    times = [
        p.ack_at for r in run_replications(sc, dirc, seed=5, replications=2) for p in r.participants
    ]
    med = quantile([t for t in times if t is not None], 0.5)
    assert med is not None
    return med


def test_friday_afternoon_start_is_slower_than_tuesday_morning() -> None:
    friday_16 = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)  # 16:00 in Berlin
    tuesday_10 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    fri, tue = _median_ack(friday_16), _median_ack(tuesday_10)
    assert fri > tue + 48  # the weekend lies in between
    assert tue < 8


def test_office_hours_contacts_only_notice_at_work() -> None:
    friday_16 = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    sc = scenario(
        {**PERFECT, "triage": {"dist": "fixed", "value": "3h"}}, start=friday_16, deadline="72h"
    )
    r = run(sc, directory(3, tz="Europe/Berlin", duty=False), seed=1)
    for p in r.participants:
        # 1 working hour on Friday (16-17), 2 more on Monday 09-11 Berlin = 10:00 UTC
        assert r.at(p.ack_at) == datetime(2026, 3, 9, 10, 0, tzinfo=UTC)


def _acks(results):
    return [[p.ack_at for p in r.participants] for r in results]


def _le(a, b) -> bool:
    """Every ack time in ``a`` is no later than in ``b`` (None = never)."""
    return all(
        (y is None) or (x is not None and x <= y + 1e-9)
        for ra, rb in zip(a, b, strict=True)
        for x, y in zip(ra, rb, strict=True)
    )


REALISTIC = {"turnover_per_year": 0.25, "absence": 0.1, "responsiveness": 0.7, "mandate": 0.6}


def test_reminders_never_lower_acknowledgement_under_common_random_numbers() -> None:
    dirc = directory(
        60,
        tz="Asia/Tokyo",
        duty=False,
        verified=date(2023, 1, 1),
        roles=("policy", "technical"),
        phone=True,
    )
    base = dict(deadline="72h", recipients=["policy", "technical"], phone_follow_up="36h")
    without = run_replications(scenario(REALISTIC, **base), dirc, seed=9, replications=6)
    with_rem = run_replications(
        scenario(REALISTIC, reminders=["24h", "48h"], **base), dirc, seed=9, replications=6
    )
    assert _le(_acks(with_rem), _acks(without))
    assert summarize(with_rem)["ack_rate"] > summarize(without)["ack_rate"]


def test_deputies_never_lower_acknowledgement_under_common_random_numbers() -> None:
    plain = directory(
        60, tz="America/Lima", duty=False, verified=date(2022, 6, 1), roles=("policy", "technical")
    )
    deputies = directory(
        60,
        tz="America/Lima",
        duty=False,
        verified=date(2022, 6, 1),
        roles=("policy", "technical", "deputy_policy", "deputy_technical"),
    )
    base = dict(
        deadline="72h",
        recipients=["policy", "technical"],
        reminders=["24h"],
        escalate_to_deputies=True,
        escalate_after="30h",
    )
    a = run_replications(scenario(REALISTIC, **base), plain, seed=4, replications=6)
    b = run_replications(scenario(REALISTIC, **base), deputies, seed=4, replications=6)
    assert _le(_acks(b), _acks(a))
    assert summarize(b)["ack_rate"] > summarize(a)["ack_rate"]


def test_same_seed_same_run_and_other_seed_differs() -> None:
    sc = scenario(REALISTIC, deadline="72h", reminders=["24h"])
    dirc = directory(
        30,
        tz="Africa/Nairobi",
        duty=False,
        verified=date(2023, 1, 1),
        roles=("policy", "technical"),
    )
    a, b, c = run(sc, dirc, seed=1), run(sc, dirc, seed=1), run(sc, dirc, seed=2)
    assert a.events == b.events and a.participants == b.participants
    assert a.events != c.events


def test_changing_one_participant_leaves_the_others_unchanged() -> None:
    sc = scenario(REALISTIC, deadline="72h", reminders=["24h", "48h"])
    dirc = directory(20, tz="Europe/Paris", duty=False, verified=date(2023, 1, 1))
    first = dirc.participants[0]
    changed = first.model_copy(update={"capacity": "low", "timezone": "Pacific/Auckland"})
    other = dirc.model_copy(update={"participants": [changed, *dirc.participants[1:]]})
    a, b = run(sc, dirc, seed=8), run(sc, other, seed=8)
    assert a.participants[1:] == b.participants[1:]


def test_late_answers_are_recorded_not_dropped() -> None:
    sc = scenario(
        {**PERFECT, "triage": {"dist": "exponential", "mean": "20h"}}, deadline="6h", horizon="300h"
    )
    r = run(sc, directory(100), seed=2)
    late = [p for p in r.participants if p.ack_at is not None and p.ack_at > 6]
    assert late, "some answers come after a 6-hour deadline"
    s = summarize([r])
    assert s["late_acks"] == len(late)
    assert s["ack_rate"] == pytest.approx(
        sum(p.ack_at <= 6 for p in r.participants if p.ack_at) / 100
    )
    assert any(e.kind == "acknowledged" and e.detail == "late" for e in r.events)


def test_task_level_completion_follows_acknowledgement_through_handoff() -> None:
    sc = scenario(
        {**REALISTIC, "turnover_per_year": 0.0, "absence": 0.0},
        level="task",
        deadline="72h",
        recipients=["policy"],
    )
    dirc = directory(40, tz="Asia/Singapore", duty=False, roles=("policy", "technical"))
    r = run(sc, dirc, seed=6)
    done = [p for p in r.participants if p.completed_at is not None]
    assert done
    for p in done:
        assert p.ack_at is not None and p.completed_at >= p.ack_at
    handoffs = {e.participant for e in r.events if e.kind == "handoff"}
    assert {p.code for p in done} <= handoffs  # policy recipients always hand off to technical
    s = summarize([r])
    assert s["completion_rate"] <= s["ack_rate"]


def test_bounce_makes_the_secretariat_try_another_contact() -> None:
    sc = scenario(
        {
            **PERFECT,
            "turnover_per_year": 0.9,
            "bounce_share": 1.0,
            "triage": {"dist": "fixed", "value": "1h"},
        },
        deadline="72h",
        recipients=["policy"],
    )
    dirc = directory(30, verified=date(2016, 1, 1), roles=("policy", "deputy_policy"))
    r = run(sc, dirc, seed=3)
    bounced = {e.participant for e in r.events if e.kind == "bounced"}
    retried = {e.participant for e in r.events if e.kind == "retry"}
    assert bounced and bounced <= retried
    assert all(e.t > 0 for e in r.events if e.kind == "retry")


def test_events_are_in_time_order_and_every_participant_gets_the_check() -> None:
    sc = scenario(REALISTIC, deadline="72h", reminders=["24h"], phone_follow_up="36h")
    dirc = directory(25, tz="America/New_York", duty=False, verified=date(2024, 1, 1), phone=True)
    r = run(sc, dirc, seed=12)
    ts = [e.t for e in r.events]
    assert ts == sorted(ts)
    assert {e.participant for e in r.events if e.kind == "check_sent" and e.t == 0} == set(
        dirc.codes
    )
    assert all(0 <= t <= r.horizon_hours for t in ts)


# -- phone follow-up and reminders ----------------------------------------------------------
SILENT = {**PERFECT, "responsiveness": 0.0, "phone_answer": 0.0}
"""Nobody notices a message or picks up the phone: every call is logged, none answered."""
DESK = {"duty_24_7": True}
"""A secretariat with a 24/7 desk: it acts at the offsets themselves."""


def _calls(r: RunResult) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for e in r.events:
        if e.kind == "phone_call":
            out.setdefault(e.contact or "", []).append(e.t)
    return out


def _office_and_desk() -> Directory:
    """One participant (UTC, Mon-Fri 09-17) with an office-hours policy contact and a 24/7
    technical duty desk, both with a phone."""
    contacts = [
        Contact(
            role=role,
            email=f"{role}@x.example.org",
            phone="+00 555 0100",
            duty_24_7=role == "technical",
            last_verified=date(2026, 3, 10),
        )
        for role in ("policy", "technical")
    ]
    p = Participant(code="XA", name="State XA", timezone="UTC", contacts=contacts)
    return Directory(name="t", organisation="custom", participants=[p])


def test_phone_retry_after_a_24_7_desk_comes_an_hour_later_not_at_once() -> None:
    # Follow-up at 36 h = Wednesday 21:00 UTC: the office is shut, the desk is at work; the
    # desk is at work again PHONE_RETRY_GAP_HOURS later, so the retry round is then.
    sc = scenario(
        SILENT, deadline="72h", recipients=["policy"], phone_follow_up="36h", secretariat=DESK
    )
    calls = _calls(run(sc, _office_and_desk(), seed=3))
    later = 36.0 + PHONE_RETRY_GAP_HOURS
    assert calls == {"XA/policy": [36.0, later], "XA/technical": [36.0, later]}


@pytest.mark.parametrize(
    ("follow_up", "retry"),
    [
        ("2h", 3.0),  # Tuesday 11:00, at work: called back at 12:00
        ("7.5h", 24.0),  # Tuesday 16:30: 17:30 is after hours, so Wednesday 09:00
        ("10h", 24.0),  # Tuesday 19:00, shut: Wednesday 09:00
    ],
)
def test_phone_retry_to_an_office_is_the_next_working_moment_a_gap_later(
    follow_up: str, retry: float
) -> None:
    sc = scenario(SILENT, deadline="72h", phone_follow_up=follow_up, secretariat=DESK)
    r = run(sc, directory(4, duty=False, phone=True), seed=3)
    first = float(follow_up.removesuffix("h"))
    assert set(map(tuple, _calls(r).values())) == {(first, retry)}


def test_phone_call_that_reached_the_wrong_person_is_not_repeated() -> None:
    # Every entry is stale and silently lost: the desk's phone is answered by somebody
    # else, which the secretariat hears; it does not call that number again.
    behaviour = {**SILENT, "turnover_per_year": 1.0, "bounce_share": 0.0}
    sc = scenario(behaviour, deadline="72h", phone_follow_up="36h", secretariat=DESK)
    r = run(sc, directory(5, duty=True, verified=date(2016, 1, 1), phone=True), seed=3)
    details = [e.detail for e in r.events if e.kind == "phone_call"]
    assert details == ["wrong person: entry stale"] * 5


def test_bundled_osce_check_calls_nobody_twice_at_once() -> None:
    from simulator.io.scenario_files import load_scenario

    loaded = load_scenario(SCENARIOS / "osce-unannounced-72h.yaml")
    for seed in (3, 4):
        r = run(loaded.scenario, loaded.directory(), seed=seed)
        calls = _calls(r)
        assert calls
        for ts in calls.values():
            assert len(ts) <= 2
            assert all(b - a >= PHONE_RETRY_GAP_HOURS for a, b in zip(ts, ts[1:], strict=False))


def _reminder_rounds(r: RunResult) -> dict[str, int]:
    rounds: dict[str, set[str]] = {}
    for e in r.events:
        if e.kind == "reminder":
            rounds.setdefault(e.participant or "", set()).add(e.detail)
    return {code: len(slots) for code, slots in rounds.items()}


def test_reminders_count_only_rounds_in_which_a_reminder_went_out() -> None:
    # Every address bounces at once and there is no other contact: nothing to remind.
    behaviour = {**PERFECT, "turnover_per_year": 1.0, "bounce_share": 1.0}
    sc = scenario(behaviour, deadline="72h", reminders=["24h", "48h"])
    r = run(sc, directory(6, verified=date(2016, 1, 1)), seed=3)
    assert all(p.ack_at is None for p in r.participants)
    assert [p.reminders for p in r.participants] == [0] * 6
    assert not any(e.kind == "reminder" for e in r.events)


def test_reminders_per_participant_equal_their_reminder_rounds() -> None:
    sc = scenario(REALISTIC | {"bounce_share": 0.7}, deadline="72h", reminders=["24h", "48h"])
    dirc = directory(60, duty=False, verified=date(2019, 1, 1), roles=("policy", "technical"))
    for r in run_replications(sc, dirc, seed=8, replications=3):
        rounds = _reminder_rounds(r)
        assert {p.code: p.reminders for p in r.participants if p.reminders} == rounds
        # some participants were left out of a round because every address had bounced
        assert any(p.ack_at is None and p.reminders < 2 for p in r.participants)


# -- summary intervals and precision ----------------------------------------------------------
def _result(acks: list[float | None], replication: int = 0) -> RunResult:
    """A hand-made run: participant ``i`` acknowledged at ``acks[i]`` (deadline 72 h);
    participant 0 alone in group ``A``."""
    parts = [
        ParticipantOutcome(f"X{i}", f"State {i}", "A" if i == 0 else "B", ack_at=t, completed_at=t)
        for i, t in enumerate(acks)
    ]
    return RunResult("t", 1, replication, START, 72.0, 144.0, "task", participants=parts)


def test_summary_rate_intervals_stay_within_0_1_and_need_two_replications() -> None:
    # the group of one participant acknowledged in one replication and not in the other:
    # a t-interval 0.5 +- 12.706 * 0.5 would be [-5.853, 6.853]
    runs = [_result([5.0, 5.0, None, 80.0], 0), _result([None, 6.0, 7.0, 8.0], 1)]
    s = summarize(runs)
    for block in (s, *s["by_group"].values()):
        for key in ("ack_rate", "completion_rate"):
            lo, hi = block[f"{key}_ci95"]
            assert 0.0 <= lo <= block[key] <= hi <= 1.0
    # cluster-aware Wilson: 1 of 2, the replications as far apart as they can be (deff 2)
    assert s["by_group"]["A"]["ack_rate_ci95"] == [0.0546, 0.9454]
    one = summarize(runs[:1])
    assert "ack_rate_ci95" not in one and "ack_rate_ci95" not in one["by_group"]["A"]


def test_summary_keeps_hours_so_the_cli_rounds_once() -> None:
    import io

    from rich.console import Console

    from pocdrill.render import print_summary

    # 90.7496 h is 90.7 to one decimal; kept to 2 decimals (90.75) the CLI showed 90.8
    s = summarize([_result([60.7496, 90.7496, 1.0])])
    assert [p["hours_to_ack"] for p in s["slowest"]] == [90.7496, 60.7496, 1.0]
    assert s["by_group"]["A"]["median_hours_to_ack"] == 60.7496
    buf = io.StringIO()
    print_summary(s, Console(file=buf, width=200, color_system=None))
    out = buf.getvalue()
    assert "60.7 h" in out  # group A's median
    assert " 90.7 " in out and " 60.7 " in out  # the slowest rows
    assert "90.8" not in out and "60.8" not in out
    # pooled median of 17.549 and 17.5492 (no rounding on the way) is 17.5 to one decimal
    s = summarize([_result([17.549, 17.5492, 9.0, 40.0])])
    assert s["median_hours_to_ack"] == pytest.approx(17.5491, abs=1e-9)
    assert f"{s['median_hours_to_ack']:.1f}" == "17.5"
