"""Starting a live check: errors before anything is stored or sent, the dry run's files,
the start that stores the run and sends through the outbox, reopening after a crash."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from results.mail.check import dry_run, open_check, plan_check, prepare, start_check
from results.mail.compose import NoMessageText
from results.mail.plan import NoAddress
from results.store import Store
from simulator.io.scenario_files import LoadedScenario, load_scenario
from simulator.model.check import CheckScenario
from simulator.model.directory import Contact, Directory
from simulator.model.secretariat import SecretariatSpec
from tests.mail_support import CHECK, SECRETARIAT, START, mail_workspace
from tests.unit.results.mail.fakes import MemoryTransport


def test_the_plan_names_who_where_and_what_comes_later(
        loaded: LoadedScenario, directory: Directory) -> None:
    check, letters = prepare(loaded, directory, run_id=0, start=START, sender=SECRETARIAT,
                             test_to=None)
    plan = plan_check(check, letters)
    assert plan.participants == 4 and len(plan.lines) == 7
    assert plan.lines[0].address == "p.xa@pocdrill.test"
    assert plan.later[0].startswith("+1h: reminder 1")
    assert any(x.startswith("+2h: escalation") for x in plan.later)
    assert plan.confirmation(SECRETARIAT).startswith("Send 7 message(s) to 4 participant(s)")


def test_a_live_check_started_on_friday_evening_plans_its_reminder_for_monday(
        loaded: LoadedScenario, directory: Directory) -> None:
    friday_19_utc = datetime(2026, 3, 6, 19, 0, tzinfo=UTC)  # 20:00 in Vienna
    sc = loaded.scenario
    assert isinstance(sc, CheckScenario)
    vienna = sc.model_copy(update={"check": sc.check.model_copy(
        update={"secretariat": SecretariatSpec()})})  # the default: an office in Vienna
    loaded = replace(loaded, scenario=vienna)
    check, letters = prepare(loaded, directory, run_id=0, start=friday_19_utc,
                             sender=SECRETARIAT, test_to=None)
    plan = plan_check(check, letters)
    # Monday 09:00 in Vienna is 08:00 UTC: 61 hours after the start
    assert plan.later[0] == ("+61h (due +1h; the secretariat's next working moment): "
                             "reminder 1 to contacts of participants that have not acknowledged")


def test_the_dry_run_writes_eml_files(loaded: LoadedScenario, directory: Directory,
                                      tmp_path: Path) -> None:
    check, letters = prepare(loaded, directory, run_id=0, start=START, sender=SECRETARIAT,
                             test_to=None)
    files = dry_run(check, letters, tmp_path / "out", START)
    assert [f.name for f in files][:2] == ["0001-XA_policy-check.eml",
                                           "0002-XA_technical-check.eml"]
    assert b"[pocdrill:r0-" in files[0].read_bytes()
    assert {f.stat().st_mode & 0o777 for f in files} == {0o600}  # an address: the owner's alone


def test_no_message_text_or_no_address_is_an_error_before_anything(
        tmp_path: Path, directory: Directory) -> None:
    bare = load_scenario(mail_workspace(tmp_path, check=CHECK.split("message:")[0]))
    with pytest.raises(NoMessageText):
        prepare(bare, directory, run_id=0, start=START, sender=SECRETARIAT, test_to=None)
    xa = directory.participants[0]
    no_mail = xa.model_copy(update={"contacts": [Contact(role="policy")] + xa.contacts[1:]})
    broken = directory.model_copy(update={"participants": [no_mail, *directory.participants[1:]]})
    loaded = load_scenario(mail_workspace(tmp_path))
    with pytest.raises(NoAddress, match="XA/policy"):
        prepare(loaded, broken, run_id=0, start=START, sender=SECRETARIAT, test_to=None)


def test_start_stores_sends_and_a_reopening_settles_what_was_being_sent(
        store: Store, loaded: LoadedScenario, directory: Directory) -> None:
    t = MemoryTransport(die_at=3)
    started = start_check(store, loaded, directory, start=datetime.now(UTC),
                          sender=SECRETARIAT, test_to="tester@pocdrill.test",
                          transport=lambda: t, rate=60, sleep=lambda s: None)
    assert started.error is not None and "fate is unknown" in started.error
    run_id = started.session.run_id
    assert store.get_run(run_id).status == "interrupted"
    # as after kill -9 while the fourth message was being handed over
    fourth = store.outbox(run_id)[3]
    store.mark_mail(fourth.id, "sending")
    session, check, unknown = open_check(store, run_id, sender=SECRETARIAT,
                                         places=[loaded.base_dir])
    assert unknown == [fourth.id] and check.test_to == "tester@pocdrill.test"
    assert [r.state for r in store.outbox(run_id)][:5] == [
        "sent", "sent", "sent", "unknown", "queued"]
    session.pause()
