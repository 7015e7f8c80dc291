"""A scenario as a facilitator reads it (``pocdrill scenario show``): times as ``1h30m``,
when each inject fires, who sends it to whom, stages with their injects in firing order,
and a check's parameters as rows."""

from __future__ import annotations

from typing import Any

from simulator.model.check import DEFAULT_RECIPIENTS, CheckScenario
from simulator.model.secretariat import SecretariatSpec
from simulator.model.tabletop import (
    ConditionTrigger,
    Inject,
    Stage,
    TabletopScenario,
)
from simulator.text import compact_hm


def when_text(inj: Inject) -> str:
    """``+2h``, ``manual`` or ``E1 met +30m`` (the expectation, how, and the delay)."""
    if inj.at is not None:
        return f"+{compact_hm(inj.at)}"
    if inj.manual:
        return "manual"
    trig = inj.trigger
    assert isinstance(trig, ConditionTrigger)
    delay = f" +{compact_hm(inj.delay)}" if inj.delay else ""
    return f"{trig.expectation} {trig.on}{delay}"


def party_name(sc: TabletopScenario, who: str) -> str:
    """An actor's name for its id; a participant code or ``secretariat`` as it is."""
    for a in sc.actors:
        if a.id == who:
            return a.name
    return who


def recipients_text(inj: Inject) -> str:
    """``EE, FI``, with the roles reached when they are not the default policy/technical."""
    out = ", ".join(inj.recipients)
    if list(inj.roles) != DEFAULT_RECIPIENTS and not all(
        r.startswith("role:") for r in inj.recipients
    ):
        out += f" ({'/'.join(inj.roles)})"
    return out


def tabletop_header(sc: TabletopScenario) -> str:
    """Start, end, deadline and who takes part (and who is played by people)."""
    who = "all participants" if sc.participants is None else ", ".join(sc.participants)
    return (
        f"start {sc.start.isoformat()}, end +{compact_hm(sc.end)}, "
        f"deadline +{compact_hm(sc.deadline_hours)}; "
        f"participants: {who}" + (f"; played by people: {', '.join(sc.human)}" if sc.human else "")
    )


def actors_text(sc: TabletopScenario) -> str:
    """``actors: id = Name (type); ...`` (empty when the scenario has none)."""
    if not sc.actors:
        return ""
    return "actors: " + "; ".join(f"{a.id} = {a.name} ({a.type})" for a in sc.actors)


def stage_injects(sc: TabletopScenario) -> list[tuple[Stage, list[Inject]]]:
    """Each stage in order with its injects, by earliest firing (never-firing ones last,
    ties in file order)."""
    earliest = sc.earliest_fire()
    order = {inj.id: k for k, inj in enumerate(sc.injects)}

    def key(inj: Inject) -> tuple[float, int]:
        t = earliest.get(inj.id)
        return (float("inf") if t is None else t, order[inj.id])

    return [
        (stage, sorted((i for i in sc.injects if i.stage == stage.id), key=key))
        for stage in sc.stages
    ]


def value_text(v: Any) -> str:
    """A behaviour value: ``lognormal(median=4h, sigma=1.0)`` for a distribution."""
    if isinstance(v, dict) and "dist" in v:
        args = ", ".join(f"{k}={x}" for k, x in v.items() if k != "dist")
        return f"{v['dist']}({args})"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {value_text(x)}" for k, x in v.items()) + "}"
    return str(v)


def check_parameters(sc: CheckScenario) -> list[tuple[str, str]]:
    """A check's parameters as (name, value) rows, behaviour overrides last."""
    c = sc.check
    d = sc.directory
    src = f"profile {d.profile} (seed {d.seed})" if d.profile else f"file {d.file}"
    rows = [
        ("directory", src),
        ("start", c.start.isoformat()),
        ("deadline", compact_hm(c.deadline)),
        ("observed until", compact_hm(c.horizon_hours)),
        ("level", c.level),
        ("announced", "yes" if c.announced else "no"),
        ("recipients", ", ".join(c.recipients)),
        ("language", c.language),
        ("reminders", ", ".join(f"+{compact_hm(r)}" for r in c.reminders) or "none"),
        ("reminders to deputies", "yes" if c.reminders_to_deputies else "no"),
        (
            "escalation to deputies",
            f"at +{compact_hm(c.escalation_hours)}" if c.escalate_to_deputies else "no",
        ),
        (
            "phone follow-up",
            f"at +{compact_hm(c.phone_follow_up)}" if c.phone_follow_up is not None else "no",
        ),
        ("secretariat", secretariat_line(c.secretariat)),
        *([("tasks", "; ".join(f"{t.name} (by {t.by}{', cleared' if t.clearance else ''})"
                                for t in c.tasks))] if c.tasks else []),
    ]
    overrides = sc.behaviour.model_dump(exclude_unset=True, mode="json")
    if overrides:
        rows.append(("behaviour", ", ".join(f"{k}={value_text(v)}" for k, v in overrides.items())))
    return rows


def secretariat_line(s: SecretariatSpec) -> str:
    """The secretariat as one line: zone, working time, what happens outside it."""
    if s.duty_24_7:
        return f"{s.timezone}, 24/7 desk"
    days = ", ".join(s.work_week)
    moves = "actions move to its next working moment" if s.off_hours == "next_working" else (
        "actions go out as scheduled")
    return (f"{s.timezone}, {s.office_hours} {days} (holidays {s.holidays or 'none'}); "
            + moves)
