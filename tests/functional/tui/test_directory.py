"""The directory screen on a generated directory: edits go to a new file, and say so."""

from __future__ import annotations

from pathlib import Path

from simulator.io.directory_files import load_directory
from tests.functional.tui.support import make_workspace, settle
from tui.forms.contact import ContactForm
from tui.screens.directory import DirectoryScreen
from tui.screens.home import HomeScreen

GENERATED = """\
name: Generated check
directory: {profile: osce, seed: 7}
check:
  start: 2026-03-10T09:00:00Z
"""


async def test_editing_a_generated_directory_saves_a_new_file_and_home_lists_it(
    tmp_path: Path,
) -> None:
    ws = make_workspace(tmp_path)
    (ws.scenario).unlink()
    (ws.root / "scenarios" / "generated.yaml").write_text(GENERATED, encoding="utf-8")
    app = ws.app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        before = {s.path.name for s in home.directories}
        await pilot.press("d")  # the selected scenario's (generated) directory
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DirectoryScreen) and screen.path is None
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#email").value = "desk@mfa-edited.example.org"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.path is not None and screen.path.exists()
        saved = load_directory(screen.path)
        assert "desk@mfa-edited.example.org" in {c.email for p in saved.participants
                                                 for c in p.contacts}
        said = [n.message for n in app._notifications]
        assert any("Scenarios using the generated profile are unchanged" in m
                   and "directory: {file: " in m for m in said), said
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert {s.path.name for s in app.screen.directories} == before | {screen.path.name}


async def test_the_contact_form_refuses_a_verification_date_after_today(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)  # the app's clock says 2026-03-10
    app = ws.app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.screen.query_one("#directories").focus()
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#last_verified").value = "2030-01-01"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "is after today (2026-03-10)" in str(form.query_one("#error").render())
        form.query_one("#last_verified").value = "2026-03-10"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DirectoryScreen)
    assert str(load_directory(ws.directory).participant("XA").contacts[0].last_verified) == (
        "2026-03-10")
