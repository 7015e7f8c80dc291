"""``pocdrill scenario``: validate, show, list scenarios and print their JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pocdrill.common import EXIT_INPUT, JsonOption, input_errors, print_json, write_or_print

scenario_app = typer.Typer(
    name="scenario",
    help="Scenarios (communication checks and tabletop exercises): validate, show, list, schema.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(scenario_app, name="scenario")


def _check_file(path: Path) -> str:
    """Load ``path`` fully (directory included); the ``ok (...)`` summary or InputError."""
    from simulator.io.scenario_files import load_scenario

    loaded = load_scenario(path)
    directory = loaded.directory()
    sc = loaded.scenario
    sc.validate_against(directory, str(path))
    if sc.kind == "tabletop":
        n = len(sc.injects)
        return f"ok (tabletop, {n} inject{'s' * (n != 1)})"
    n = len(directory.participants)
    return f"ok ({sc.kind}, {n} participant{'s' * (n != 1)})"


@scenario_app.command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files.")],
) -> None:
    """Check each FILE (its directory, codes, triggers and times); exit 2 if any has problems."""
    from simulator.model.errors import InputError

    bad = False
    for path in files:
        try:
            typer.echo(f"{path}: {_check_file(path)}")
        except InputError as e:
            bad = True
            for p in e.problems:
                typer.echo(f"error: {p}", err=True)
    if bad:
        raise typer.Exit(EXIT_INPUT)


def _hm(hours: float) -> str:
    minutes = round(hours * 60)
    h, m = divmod(minutes, 60)
    if h and m:
        return f"{h}h{m:02d}m"
    return f"{m}m" if m else f"{h}h"


def _when(inj: Any) -> str:
    if inj.at is not None:
        return f"+{_hm(inj.at)}"
    trig = inj.trigger
    if getattr(trig, "manual", False):
        return "manual"
    delay = f" +{_hm(inj.delay)}" if inj.delay else ""
    return f"{trig.expectation} {trig.on}{delay}"


def _party(sc: Any, who: str) -> str:
    for a in sc.actors:
        if a.id == who:
            return a.name
    return who


def _recipients(inj: Any) -> str:
    from simulator.model.check import DEFAULT_RECIPIENTS

    out = ", ".join(inj.recipients)
    if list(inj.roles) != DEFAULT_RECIPIENTS and not all(
        r.startswith("role:") for r in inj.recipients
    ):
        out += f" ({'/'.join(inj.roles)})"
    return out


def _expectations(inj: Any) -> Text:
    text = Text()
    for k, e in enumerate(inj.expect):
        if k:
            text.append("\n")
        text.append(f"{e.id} ", style="bold")
        if e.who != "recipients":
            text.append(f"{', '.join(e.who)}: ")
        text.append(e.action)
        if e.to:
            text.append(f" -> {e.to}")
        text.append(f" within {_hm(e.within)}", style="cyan")
    return text


NARROW = 110
"""Below this many columns ``scenario show`` lists injects as blocks, not a table."""


def show_tabletop(sc: Any, console: Console) -> None:
    """Stages in order, each with its injects (by earliest firing), then its questions."""
    console.print(f"[bold]{sc.name}[/bold]  (tabletop)")
    if sc.description:
        console.print(sc.description.strip())
    who = "all participants" if sc.participants is None else ", ".join(sc.participants)
    console.print(
        f"start {sc.start.isoformat()}, end +{_hm(sc.end)}, deadline +{_hm(sc.deadline_hours)}; "
        f"participants: {who}" + (f"; played by people: {', '.join(sc.human)}" if sc.human else "")
    )
    if sc.actors:
        console.print("actors: " + "; ".join(f"{a.id} = {a.name} ({a.type})" for a in sc.actors))
    earliest = sc.earliest_fire()
    order = {inj.id: k for k, inj in enumerate(sc.injects)}

    def key(inj: Any) -> tuple[float, int]:
        t = earliest.get(inj.id)
        return (float("inf") if t is None else t, order[inj.id])

    for stage in sc.stages:
        console.print()
        console.rule(f"[bold]{stage.id}: {stage.title}[/bold]", align="left")
        if stage.narrative:
            console.print(stage.narrative.strip())
        injects = sorted((i for i in sc.injects if i.stage == stage.id), key=key)
        if injects and console.width < NARROW:
            for inj in injects:  # one block per inject: a table would squeeze the text away
                console.print()
                console.print(
                    f"[bold]{_when(inj)}  {inj.id}[/bold]  {inj.channel}  "
                    f"{_party(sc, inj.sender)} -> {_recipients(inj)}"
                )
                console.print(f"  {inj.subject}")
                if inj.expect:
                    console.print(Padding(_expectations(inj), (0, 0, 0, 2)))
        elif injects:
            t = Table(show_lines=True, expand=True)
            for col, kw in (
                ("when", {"no_wrap": True}),
                ("inject", {"no_wrap": True}),
                ("from", {}),
                ("to", {}),
                ("channel", {"no_wrap": True}),
                ("subject", {"ratio": 3}),
                ("expected", {"ratio": 3}),
            ):
                t.add_column(col, **kw)
            for inj in injects:
                t.add_row(
                    _when(inj),
                    inj.id,
                    _party(sc, inj.sender),
                    _recipients(inj),
                    inj.channel,
                    inj.subject,
                    _expectations(inj),
                )
            console.print(t)
        if stage.questions:
            console.print("[bold]Discussion questions[/bold]")
            for q in stage.questions:
                console.print(f"  - {q}")


def _value(v: Any) -> str:
    """A behaviour value: ``lognormal(median=4h, sigma=1.0)`` for a distribution."""
    if isinstance(v, dict) and "dist" in v:
        args = ", ".join(f"{k}={x}" for k, x in v.items() if k != "dist")
        return f"{v['dist']}({args})"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_value(x)}" for k, x in v.items()) + "}"
    return str(v)


def show_check(sc: Any, console: Console) -> None:
    """The parameters of a communication check."""
    c = sc.check
    console.print(f"[bold]{sc.name}[/bold]  (communication check)")
    if sc.description:
        console.print(sc.description.strip())
    d = sc.directory
    src = f"profile {d.profile} (seed {d.seed})" if d.profile else f"file {d.file}"
    t = Table(show_header=False)
    t.add_column("parameter", style="bold")
    t.add_column("value")
    rows = [
        ("directory", src),
        ("start", c.start.isoformat()),
        ("deadline", _hm(c.deadline)),
        ("observed until", _hm(c.horizon_hours)),
        ("level", c.level),
        ("announced", "yes" if c.announced else "no"),
        ("recipients", ", ".join(c.recipients)),
        ("language", c.language),
        ("reminders", ", ".join(f"+{_hm(r)}" for r in c.reminders) or "none"),
        ("reminders to deputies", "yes" if c.reminders_to_deputies else "no"),
        (
            "escalation to deputies",
            f"at +{_hm(c.escalation_hours)}" if c.escalate_to_deputies else "no",
        ),
        (
            "phone follow-up",
            f"at +{_hm(c.phone_follow_up)}" if c.phone_follow_up is not None else "no",
        ),
        ("secretariat", f"{c.secretariat_timezone} (holidays {c.secretariat_holidays or 'none'})"),
    ]
    overrides = sc.behaviour.model_dump(exclude_unset=True, mode="json")
    if overrides:
        rows.append(("behaviour", ", ".join(f"{k}={_value(v)}" for k, v in overrides.items())))
    for k, v in rows:
        t.add_row(k, v)
    console.print(t)


@scenario_app.command("show")
def show_command(
    file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    width: Annotated[
        int | None, typer.Option(help="Output width in columns (default: the terminal's).")
    ] = None,
) -> None:
    """Print a scenario: a tabletop's timeline by stage, or a check's parameters."""
    from simulator.io.scenario_files import load_scenario

    with input_errors():
        sc = load_scenario(file).scenario
    console = Console(width=width) if width else Console()
    if sc.kind == "tabletop":
        show_tabletop(sc, console)
    else:
        show_check(sc, console)


@scenario_app.command("schema")
def schema_command(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print (or write) the JSON Schema of scenario files (checks and tabletops)."""
    from simulator.io.schemas import scenario_json_schema_text

    write_or_print(scenario_json_schema_text(), output)


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    cut = text.find(". ")
    return text if cut < 0 else text[: cut + 1]


def bundled_list() -> list[dict[str, Any]]:
    """File, name, kind and one-line description of each bundled scenario."""
    from simulator.io.scenario_files import bundled_scenarios, load_scenario

    out = []
    for path in bundled_scenarios():
        with input_errors():
            sc = load_scenario(path).scenario
        out.append(
            {
                "file": path.name,
                "path": str(path),
                "name": sc.name,
                "kind": sc.kind,
                "description": _one_line(sc.description),
            }
        )
    return out


@scenario_app.command("list")
def list_command(json_out: JsonOption = False) -> None:
    """List the bundled scenarios."""
    rows = bundled_list()
    if json_out:
        print_json(rows)
        return
    console = Console()
    wide = max((len(r["file"]) for r in rows), default=0)
    for r in rows:
        line = Text(r["file"].ljust(wide + 2), style="bold")
        line.append(f"{r['kind']:<10}")
        line.append(r["name"])
        console.print(line, overflow="fold")
        if r["description"]:
            console.print(Text("    " + r["description"]), overflow="fold")
