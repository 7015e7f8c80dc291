"""After-action reports (AAR/IP, HSEEP practice) for stored runs.

:func:`build_report` gathers a run from the store; :func:`run_report` builds the report
from plain objects (a :class:`~simulator.model.outcome.RunResult`, a
:class:`~results.reports.meta.RunMeta`, notes, contact details), so it can be used and
tested without a database. Render with :func:`results.reports.render.render_html` (one
self-contained file) or :func:`~results.reports.render.render_markdown`.

Sections (:mod:`results.reports.sections`): Overview (with key numbers and the
cumulative-share chart), Objectives, Timeline, Strengths, Areas for improvement,
Expectation scorecard (tabletops), Improvement plan, Contacts to fix, Facilitator notes,
and Replications when the run has sibling replications. A run not observed to its horizon
(interrupted, still running, or a live run closed early) is censored at its last recorded
instant (:func:`results.reports.observed.observation`): the curves, the timeline and the
findings then say how long it was observed and claim no deadline result that was not
observed. Contact names, e-mails and phones appear only when the store holds them (the run
was recorded with them) and ``redact`` is False; with ``redact`` facilitator notes are also
scrubbed of the names of the run's people and of anything that looks like an e-mail
address or a phone number, or withheld when the people cannot be known (see
:mod:`results.redact`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from results.redact import Redactor, found_again_redactor, run_redactor
from results.reports.document import Report
from results.reports.findings import derive
from results.reports.findings.reminders import prompted_by
from results.reports.meta import ContactDetails, NoteRow, RunMeta, meta_of
from results.reports.observed import observed
from results.reports.scenario_text import scenario_info
from results.reports.sections import improvement
from results.reports.sections.contacts import contacts
from results.reports.sections.curves import curve_charts
from results.reports.sections.interregional import directories_section
from results.reports.sections.notes import notes as notes_section
from results.reports.sections.overview import objectives, overview
from results.reports.sections.replications import replications as replications_section
from results.reports.sections.scorecard import scorecard
from results.reports.sections.timeline import timeline
from simulator.model.outcome import RunResult
from simulator.text import utc

if TYPE_CHECKING:
    from results.store import RunInfo, Store
    from simulator.analysis.expected import ExpectedBand


def run_report(
    result: RunResult,
    meta: RunMeta | None = None,
    *,
    notes: Sequence[NoteRow] = (),
    contact_details: dict[str, ContactDetails] | None = None,
    replications: Sequence[RunResult] = (),
    replication_ids: Sequence[int | None] = (),
    redact: bool = False,
    report_date: date | None = None,
    redactor: Redactor | None = None,
    anonymise: bool = False,
    expected: ExpectedBand | None = None,
) -> Report:
    """The after-action report of one run, from plain objects.

    With ``anonymise``, states are letters and groups neutral labels throughout
    (:mod:`results.reports.anonymise`), every figure unchanged.

    With ``redact``, notes go through ``redactor`` (default: the run's directory found
    again from ``meta.scenario_text``, :func:`results.redact.found_again_redactor`).

    ``replications``: all replications of the batch (including ``result``) when there
    are several; ``report_date`` (default: the run's finish date, else the exercise's end)
    anchors the improvement plan's due dates. ``expected``: a live check's expected band,
    drawn under its observed curve.
    """
    meta = meta or RunMeta(
        scenario=result.scenario, kind=result.kind, seed=result.seed, replication=result.replication
    )
    if anonymise:
        return _anonymised(result, meta, notes=notes, contact_details=contact_details,
                           replications=replications, replication_ids=replication_ids,
                           redact=redact, report_date=report_date, redactor=redactor,
                           expected=expected)
    details = {} if redact else dict(contact_details or {})
    info = scenario_info(meta.scenario_text)
    full = result
    seen = observed(result, meta, notes)
    result, summary, obs, figures = seen.result, seen.summary, seen.obs, seen.figures
    when = report_date or (
        meta.finished_at.date() if meta.finished_at else full.at(full.horizon_hours).date()
    )
    strengths, areas, plan = derive(result, summary, when, obs)
    kind = "Tabletop exercise" if result.kind == "tabletop" else "Communication check"
    report = Report(
        title=f"After-action report: {result.scenario}",
        subtitle=f"{kind}, {meta.mode}, started {utc(result.start)}"
        + (f" - run {meta.id}" if meta.id is not None else ""),
        sections=[],
        redact=redact,
        generated=when,
    )
    report.sections += [
        overview(result, meta, info, summary, obs, figures),
        objectives(info),
        timeline(report, result, info, obs),
        improvement.strengths(strengths),
        improvement.areas(areas),
    ]
    if result.kind == "tabletop" or result.expectations:
        report.sections.append(scorecard(report, result, info))
    several = directories_section(result, meta.scenario_text)
    if several is not None:
        report.sections.append(several)
    report.sections += [
        improvement.plan(plan, when),
        contacts(result, details, redact, obs.live),
        notes_section(notes, result, _redactor(redact, redactor, meta, contact_details)),
    ]
    curve_charts(report, result, obs, expected)
    if len(replications) > 1:
        replications_section(report, replications, replication_ids)
    report.figures = figures
    report.data = _data(result, summary, figures, obs, strengths, areas, plan)
    return report


def _data(result: RunResult, summary: Any, figures: Any, obs: Any,
          strengths: Sequence[Any], areas: Sequence[Any], plan: Sequence[Any]) -> dict[str, Any]:
    """The report's figures as data (its JSON form)."""
    return {
        "summary": summary,
        "figures": figures,
        "observed_hours": obs.until,
        "observation": obs.phrase() if obs.cut else "",
        "prompted": prompted_by(result),
        "strengths": [f.text for f in strengths],
        "areas": [f.text for f in areas],
        "plan": [i.__dict__ for i in plan],
    }


def _anonymised(result: RunResult, meta: RunMeta, *, notes: Sequence[NoteRow],
                contact_details: dict[str, ContactDetails] | None,
                replications: Sequence[RunResult], replication_ids: Sequence[int | None],
                redact: bool, report_date: date | None, redactor: Redactor | None,
                expected: ExpectedBand | None) -> Report:
    """The report of the run with one mapping applied to everything it is built from,
    then to every text of the result (the scenario's own words may name a state)."""
    from dataclasses import replace

    from results.reports.anonymise import run_anonymiser

    redactor = _redactor(redact, redactor, meta, contact_details)  # knows the real names
    a = run_anonymiser(result)
    text = meta.scenario_text
    report = run_report(
        a.result(result),
        replace(meta, scenario=a.text(meta.scenario),
                scenario_text=a.text(text) if text is not None else None),
        notes=a.notes(notes), contact_details=a.details(dict(contact_details or {})),
        replications=[a.result(r) for r in replications], replication_ids=replication_ids,
        redact=redact, report_date=report_date, redactor=redactor, expected=expected)
    return a.report(report)


def _redactor(redact: bool, redactor: Redactor | None, meta: RunMeta,
              details: dict[str, ContactDetails] | None) -> Redactor | None:
    if not redact or redactor is not None:
        return redactor
    known = [v for d in (details or {}).values() for v in (d.name, d.email, d.phone) if v]
    return found_again_redactor(meta.scenario_text, known)


def build_report(store: Store, run_id: int, *, redact: bool = False,
                 anonymise: bool = False) -> Report:
    """The after-action report of stored run ``run_id`` (raises the store's NotFound)."""
    from results.store import queries

    info = store.get_run(run_id)
    result = store.load_result(run_id)
    meta = meta_of(info, store.display_url)
    if meta.scenario_text is None:
        meta.scenario_text = queries.scenario_text(store, run_id)
    notes = [NoteRow(n.t, n.text, n.participant, n.created_at) for n in store.notes(run_id)]
    raw = store.contact_details(run_id)  # with redact: only to scrub names from notes
    details = {
        k: ContactDetails(v.get("name"), v.get("email"), v.get("phone")) for k, v in raw.items()
    }
    siblings = queries.replication_runs(store, run_id)
    reps: list[RunResult] = []
    if len(siblings) > 1:
        reps = [result if rid == run_id else store.load_result(rid) for rid in siblings]
    return run_report(
        result,
        meta,
        notes=notes,
        contact_details=details,
        replications=reps,
        replication_ids=siblings,
        redact=redact,
        redactor=run_redactor(store, run_id) if redact else None,
        anonymise=anonymise,
        expected=_expected(store, info),
    )


def _expected(store: Store, info: RunInfo) -> ExpectedBand | None:
    """A live check's expected band (computed once, cached); None for any other run or
    when its scenario or directory cannot be found again."""
    if info.mode != "live" or info.kind != "check":
        return None
    from results.live.expected import band_of_run

    return band_of_run(store, info.id)
