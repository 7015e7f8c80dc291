"""A live run as stored: which runs may be reopened (the one rule the TUI and
``pocdrill tui --resume`` share), and reopening one."""

from __future__ import annotations

import os

import pytest

from results.db import NotFound
from results.live.stored import NotResumable, reopen_live_run, resumable_live_run
from results.store import Store
from tests.store_support import make_result


def test_only_unfinished_live_runs_resume(store: Store) -> None:
    sim = store.record_run(make_result(), scenario_text="a")
    with pytest.raises(NotResumable, match="only live runs resume"):
        resumable_live_run(store, sim)
    live = store.start_run(scenario="live", scenario_text="x", seed=1, mode="live")
    store.mark_interrupted(live, "closed")
    assert resumable_live_run(store, live).id == live
    with pytest.raises(NotFound):
        resumable_live_run(store, 999)


def test_reopen_refuses_what_the_rule_refuses_in_the_same_words(store: Store) -> None:
    sim = store.record_run(make_result(), scenario_text="a")
    with pytest.raises(NotResumable) as rule:
        resumable_live_run(store, sim)
    with pytest.raises(NotResumable) as reopen:
        reopen_live_run(store, sim)
    assert str(reopen.value) == str(rule.value) == (
        f"run {sim} is a simulated run; only live runs resume (open it under Results)")
    assert isinstance(reopen.value, ValueError)  # what a screen catches


def test_a_live_run_open_in_another_process_is_not_reopened(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = store.start_run(scenario="live", scenario_text="x", seed=1, mode="live")
    assert resumable_live_run(store, live).id == live  # the rule does not ask who holds it
    monkeypatch.setattr(os, "getpid", lambda: 1)  # this process is now another one
    with pytest.raises(NotResumable, match="open in another pocdrill"):
        reopen_live_run(store, live)
