"""Tables every screen shares: sorted by any column (``o`` next column, ``O`` reversed,
or a click on the header), and the text helpers that keep a cut cell honest."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from tui.keys import binds


def fit(text: str, width: int) -> str:
    """``text`` in ``width`` cells: whole, or cut with an ellipsis (never a bare stub
    that reads as something else, such as ``OSCE-style unannounced 7``)."""
    if width <= 0 or len(text) <= width:
        return text
    if width == 1:
        return "…"
    return text[: width - 1].rstrip() + "…"


def _sortable(value: Any) -> tuple[int, Any]:
    """A cell as a sort key: numbers (``12``, ``87%``, ``T+01:30``) as numbers, the rest
    as case-folded text; empty cells last."""
    s = value.plain if isinstance(value, Text) else str(value)
    s = s.strip()
    if not s or s == "-":
        return (2, "")
    m = re.fullmatch(r"[-+]?\d+(\.\d+)?%?", s)
    if m:
        return (0, float(s.rstrip("%")))
    return (1, s.casefold())


class SortedTable(DataTable):  # type: ignore[type-arg]
    """A row-cursor DataTable the facilitator can sort by any column."""

    BINDINGS = binds("cycle_sort", "reverse_sort")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self.sort_column: str | None = None
        self.sort_reverse = False

    def resort(self) -> None:
        """Sort again as last asked (after a refill), the cursor staying on its row."""
        if self.sort_column is None or self.sort_column not in self.columns:
            return
        keep = self._cursor_key()
        self.sort(self.sort_column, key=_sortable, reverse=self.sort_reverse)
        if keep is not None:
            self.move_cursor(row=self.get_row_index(keep))

    def _cursor_key(self) -> Any:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key

    def sort_by(self, column: str, *, reverse: bool = False) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self.resort()
        label = self.columns[column].label.plain.strip() or column  # type: ignore[index]
        self.notify(f"sorted by {label.lower()}{' (reversed)' * reverse}", timeout=1.5)

    def action_cycle_sort(self) -> None:
        keys = [str(k.value) for k in self.columns]
        if not keys:
            return
        i = keys.index(self.sort_column) if self.sort_column in keys else -1
        self.sort_by(keys[(i + 1) % len(keys)])

    def action_reverse_sort(self) -> None:
        keys = [str(k.value) for k in self.columns]
        if keys:
            self.sort_by(self.sort_column or keys[0], reverse=not self.sort_reverse)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        column = str(event.column_key.value)
        self.sort_by(column, reverse=column == self.sort_column and not self.sort_reverse)


def find_row(tables: list[DataTable], text: str) -> DataTable | None:  # type: ignore[type-arg]
    """Move the cursor of the first of ``tables`` holding ``text`` (case-folded) in a
    cell to that row, after its current row first (so asking again finds the next); that
    table, or None when no row holds it."""
    want = text.casefold()
    for table in tables:
        n = table.row_count
        start = table.cursor_row + 1 if table.has_focus else 0
        for i in (*range(start, n), *range(0, start)):
            cells = table.get_row_at(i)
            if any(want in (c.plain if isinstance(c, Text) else str(c)).casefold()
                   for c in cells):
                table.move_cursor(row=i)
                table.focus()
                return table
    return None
