"""The status board: one DataTable row per participant, updated cell by cell.

Each refresh computes the rows of :class:`tui.board.BoardModel` at ``now`` and pushes
only the cells that changed (``update_cell``), adds or removes the rows a filter lets in
or out, and re-sorts only when the sort column changed. Rebuilding 193 rows costs tens
of milliseconds; updating the few that changed costs a few.

Column widths follow the board's width (:func:`tui.board.column_widths`): on a narrow
terminal (80 columns) the name and group columns shrink and headers shorten so that the
status, time left and reminders always show; narrower still, the local time is dropped.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from tui.board import COLUMNS, BoardModel, RowView, column_label, column_widths, sort_key
from tui.keys import binds

_KEYS = [k for k, _ in COLUMNS]
_INDEX = {k: i for i, k in enumerate(_KEYS)}


class StatusBoard(DataTable):
    """Participants and their status at the clock's current time."""

    BINDINGS = binds("cycle_sort", "reverse_sort")

    def __init__(self, model: BoardModel, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.model = model
        self.group_filter: str | None = None
        self.status_filter: str | None = None
        self.text_filter: str | None = None
        """Case-folded text a row's code, name or group must contain (``/``)."""
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._cells: dict[str, tuple[tuple[str, str], ...]] = {}
        self._views: dict[str, RowView] = {}
        self.last_changed = 0
        self.widths: dict[str, int] = {}
        """The shown columns' widths (a dropped column is absent)."""
        self._now: float | None = None

    def _widths_for(self, width: int) -> dict[str, int]:
        parts = self.model.participants.values()
        longest = max((len(p.name) for p in parts), default=10)
        group = max((len(p.group) for p in parts), default=5)
        widths = column_widths(max(width - 2, 0), longest, group)  # minus the scrollbar
        return {k: w for k, w in widths.items() if w}

    def _set_columns(self, width: int) -> bool:
        """Lay the columns out for ``width``; True when they changed."""
        widths = self._widths_for(width)
        if widths == self.widths:
            return False
        self.widths = widths
        self.clear(columns=True)
        self._cells.clear()
        for key, _ in COLUMNS:
            if key in widths:
                self.add_column(column_label(key, widths[key]), key=key, width=widths[key])
        return True

    def on_mount(self) -> None:
        self._set_columns(self.size.width or self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width and self._set_columns(event.size.width) and self._now is not None:
            self.rebuild(self._now)

    # -- reading ---------------------------------------------------------------------
    @property
    def selected_code(self) -> str | None:
        """The participant code under the cursor, if any."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - cursor outside the table
            return None
        return str(key.value) if key.value is not None else None

    def visible_codes(self) -> list[str]:
        """Codes in the order shown."""
        return [str(r.key.value) for r in self.ordered_rows]

    def view(self, code: str) -> RowView | None:
        return self._views.get(code)

    # -- updating --------------------------------------------------------------------
    def _passes(self, v: RowView) -> bool:
        p = self.model.participants[v.code]
        if self.group_filter is not None and p.group != self.group_filter:
            return False
        if self.text_filter and not any(self.text_filter in x.casefold()
                                        for x in (p.code, p.name, p.group)):
            return False
        return self.status_filter is None or v.status == self.status_filter

    def refresh_board(self, now: float) -> int:
        """Show the state at ``now``; return how many cells (or rows) changed."""
        self._now = now
        views = self.model.rows(now)
        self._views = {v.code: v for v in views}
        wanted = [v for v in views if self._passes(v)]
        wanted_codes = {v.code for v in wanted}
        changed = 0
        resort = False
        keep_cursor = self.selected_code
        for code in [c for c in self._cells if c not in wanted_codes]:
            self.remove_row(code)
            del self._cells[code]
            changed += 1
        sort_i = _INDEX.get(self.sort_column or "", -1)
        for v in wanted:
            old = self._cells.get(v.code)
            if old is None:
                self.add_row(*(Text(t, style=s) for (t, s), k in zip(v.cells, _KEYS, strict=True)
                               if k in self.widths), key=v.code)
                self._cells[v.code] = v.cells
                changed += 1
                resort = True
                continue
            if old == v.cells:
                continue
            for i, (new_cell, old_cell) in enumerate(zip(v.cells, old, strict=True)):
                if new_cell != old_cell and _KEYS[i] in self.widths:
                    self.update_cell(v.code, _KEYS[i], Text(new_cell[0], style=new_cell[1]))
                    changed += 1
                    if i == sort_i or (self.sort_column == "left" and i == _INDEX["status"]):
                        resort = True
            self._cells[v.code] = v.cells
        if resort and self.sort_column is not None:
            self._sort(keep_cursor)
        self.last_changed = changed
        return changed

    def rebuild(self, now: float) -> None:
        """Forget what is shown and show it again (after a filter change)."""
        self.clear()
        self._cells.clear()
        self.refresh_board(now)
        if self.sort_column is not None:
            self._sort(None)

    # -- sorting ---------------------------------------------------------------------
    def _sort(self, keep: str | None) -> None:
        column = self.sort_column or "code"
        views = self._views

        def key(code: object) -> tuple:
            v = views.get(str(code))
            return sort_key(column, v) if v is not None else ()

        self.sort("code", key=key, reverse=self.sort_reverse)
        if keep is not None and keep in self._cells:
            self.move_cursor(row=self.get_row_index(keep))

    def sort_by(self, column: str, *, reverse: bool | None = None) -> None:
        if reverse is None:
            reverse = (not self.sort_reverse) if column == self.sort_column else False
        self.sort_column, self.sort_reverse = column, reverse
        self._sort(self.selected_code)
        self.notify(f"sorted by {dict(COLUMNS)[column].lower()}{' (reversed)' * reverse}",
                    timeout=1.5)

    def action_cycle_sort(self) -> None:
        shown = [k for k in _KEYS if k in self.widths] or _KEYS
        i = shown.index(self.sort_column) if self.sort_column in shown else -1
        self.sort_by(shown[(i + 1) % len(shown)], reverse=False)

    def action_reverse_sort(self) -> None:
        self.sort_by(self.sort_column or "code", reverse=not self.sort_reverse)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(str(event.column_key.value))
