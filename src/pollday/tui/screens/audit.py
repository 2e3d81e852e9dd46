"""The audit trail for the RO: refused commands, sign-offs, corrections and sign-ins, filterable."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from pollday.domain.timefmt import uk_time
from pollday.services.audit import AuditKind, AuditLine, audit_lines
from pollday.tui.screens.base import LiveScreen
from pollday.tui.shell import shell_of
from pollday.tui.widgets.entry_field import EntryField

FILTERS: dict[str, tuple[str, tuple[AuditKind, ...]]] = {
    "all": ("everything", tuple(AuditKind)),
    "refused": ("refused commands", (AuditKind.REFUSED,)),
    "sign_offs": ("sign-offs and declarations", (AuditKind.SIGN_OFF,)),
    "corrections": ("corrections and reopened figures", (AuditKind.CORRECTION,)),
    "sign_ins": ("sign-ins and wrong PINs", (AuditKind.SIGN_IN,)),
}


class AuditScreen(LiveScreen[list[AuditLine]]):
    AUTO_FOCUS = "#audit-lines"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "show('all')", "All"),
        Binding("r", "show('refused')", "Refused"),
        Binding("s", "show('sign_offs')", "Sign-offs"),
        Binding("c", "show('corrections')", "Corrections"),
        Binding("i", "show('sign_ins')", "Sign-ins"),
        Binding("slash", "search", "Search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_key = "all"
        self.search_text = ""

    def compose_body(self) -> ComposeResult:
        with VerticalScroll():
            yield Label("Audit trail", classes="screen-title")
            yield Static("", id="audit-filter", markup=False)
            yield EntryField(placeholder="search: a name, a box, a word; Enter to apply", id="audit-search")
            yield DataTable(id="audit-lines", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#audit-lines", DataTable).add_columns("#", "Time", "Who", "Terminal", "What", "Detail")
        self._describe_filter()

    def make_reader(self) -> Callable[[], list[AuditLine]]:
        service = shell_of(self).service
        kinds = FILTERS[self.filter_key][1]
        search = self.search_text
        return lambda: audit_lines(service, kinds, text=search)

    def show_reading(self, reading: list[AuditLine]) -> None:
        table = self.query_one("#audit-lines", DataTable)
        table.clear()
        for line in reading:
            what = f"{line.command} REFUSED" if line.kind == AuditKind.REFUSED else line.command
            table.add_row(str(line.seq), uk_time(line.at, with_date=True), line.actor, line.terminal, what,
                          line.detail)

    def action_show(self, filter_key: str) -> None:
        self.filter_key = filter_key
        self._describe_filter()
        self.reload()

    def action_search(self) -> None:
        self.query_one("#audit-search", EntryField).focus()

    def on_entry_field_entered(self, message: EntryField.Entered) -> None:
        self.search_text = message.value.strip()
        self._describe_filter()
        self.reload()
        self.query_one("#audit-lines", DataTable).focus()

    def _describe_filter(self) -> None:
        label = FILTERS[self.filter_key][0]
        search = f', matching "{self.search_text}"' if self.search_text else ""
        self.query_one("#audit-filter", Static).update(
            f"Showing {label}{search}, newest first. Keys: a all, r refused, s sign-offs, c corrections, "
            "i sign-ins, / search.")
