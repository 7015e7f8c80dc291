"""One key map: every binding of every screen, widget and the app comes from
:mod:`tui.keys`, and a key means one thing wherever it is bound."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widget import Widget

import tui
from tui.keys import KEYMAP, bind
from tui.widgets.tables import fit


def _classes() -> list[type]:
    out = []
    for mod in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(mod.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, Widget) \
                    and not issubclass(cls, ModalScreen):  # dialogs are a layer of their own
                out.append(cls)
    from tui.app import PocdrillApp

    return [*out, PocdrillApp]


def _bindings(cls: type) -> list[Binding]:
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def test_every_binding_comes_from_the_key_map() -> None:
    stray = {}
    for cls in _classes():
        for b in _bindings(cls):
            if b.action == "toggle_theme" or b.action == "leave":  # app theme; search boxes
                continue
            k = KEYMAP.get(b.action)
            if k is None or k.key != b.key:
                stray[f"{cls.__name__}.{b.action}"] = b.key
    assert stray == {}


def test_a_key_means_one_thing_everywhere() -> None:
    meaning: dict[str, set[str]] = {}
    for cls in _classes():
        for b in _bindings(cls):
            for key in b.key.split(","):
                meaning.setdefault(key, set()).add(b.action)
    clashes = {k: v for k, v in meaning.items() if len(v) > 1 and k != "escape"}
    assert clashes == {}
    # the letters the facilitator met with three meanings each
    assert meaning["e"] == {"edit"} and meaning["r"] == {"record('reminder')"}
    assert meaning["c"] == {"record('completed')"}


def test_bind_keeps_the_maps_words_and_a_screens_footer_choice() -> None:
    b = bind("remind_all")
    assert (b.key, b.description, b.show) == ("R", "Remind all", False)
    assert "asks first" in (b.tooltip or "")
    assert bind("search", show=False).show is False


def test_a_cut_cell_ends_in_an_ellipsis_never_a_stub() -> None:
    assert fit("OSCE-style unannounced 72-hour check", 24) == "OSCE-style unannounced…"
    assert fit("Tiny check", 24) == "Tiny check"
    assert fit("abc", 1) == "…"
