"""Entering a count table's figures: the first keying, a second keying, or a supervisor settling them.

One line per figure: papers given to the table, a figure per candidate in ballot order and
with the names as printed on the ballot paper, the doubtful papers set aside and, in a
multi-seat contest, the valid papers. The checks under the fields follow every keystroke.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pollday.services.session import Session
from pollday.tui.count_readings import ContestCount, TableLine
from pollday.tui.screens.count_checks import TypedTable, table_checks
from pollday.tui.screens.count_commands import Step, step
from pollday.tui.screens.count_form import WHOLE_NUMBER, Check, CommandForm, Field, whole

TABLE_ID = r"[A-Za-z0-9-]*"


class EntryMode(StrEnum):
    FIRST = "first"
    SECOND = "second"
    SETTLE = "settle"


TITLES = {
    EntryMode.FIRST: "Enter a count table's figures",
    EntryMode.SECOND: "Second keying of a count table",
    EntryMode.SETTLE: "Settle a count table's figures (supervisor)",
}


class TableEntryForm(CommandForm):
    def __init__(self, session: Session, contest: ContestCount, mode: EntryMode,
                 table: TableLine | None = None) -> None:
        super().__init__(session)
        self.contest = contest
        self.mode = mode
        self.table = table
        self.title_text = f"{TITLES[mode]} · {contest.name} · round {max(contest.position.round, 1)}"
        self._fields = self._build_fields()

    def intro(self) -> str:
        if self.mode == EntryMode.SECOND and self.table is not None:
            return (f"Key table {self.table.table_id}'s figures from its count sheet yourself: the first keying is "
                    "not shown, and any difference goes to the count supervisor.")
        if self.mode == EntryMode.SETTLE and self.table is not None:
            differences = "; ".join(self.table.status.differences)
            lines = [f"Table {self.table.table_id}: {differences}" if differences
                     else f"Table {self.table.table_id}: correcting figures that stand."]
            lines.append("The figures below start from the first keying: type the right ones and give the reason.")
            return "\n".join(lines)
        return "Type the table's name and its figures from the count sheet."

    def form_fields(self) -> list[Field]:
        return self._fields

    def _build_fields(self) -> list[Field]:
        start = self._starting_figures()
        votes = start.get("votes", {})

        def figure(value: object) -> str:
            return "" if value is None else str(value)

        table_id = self.table.table_id if self.table is not None and self.mode != EntryMode.FIRST else ""
        specs = [Field("table-id", "Count table", table_id, TABLE_ID, placeholder="e.g. T3"),
                 Field("papers-given", "Papers given to the table", figure(start.get("papers_given")), WHOLE_NUMBER)]
        specs += [Field(f"votes-{c.ballot_order}", f"{c.ballot_order:>2} {c.ballot_name}",
                        figure(votes.get(c.candidate_id)), WHOLE_NUMBER)
                  for c in self.contest.candidates]
        specs.append(Field("doubtful", "Doubtful papers set aside", figure(start.get("doubtful")), WHOLE_NUMBER))
        if self.contest.seats > 1:
            specs.append(Field("valid-papers", "Valid papers (at least one vote)", figure(start.get("valid_papers")),
                               WHOLE_NUMBER))
        if self.mode == EntryMode.SETTLE:
            specs.append(Field("reason", "Reason", placeholder="e.g. bundle recounted: 551 is right"))
        return specs

    def _starting_figures(self) -> dict[str, Any]:
        if self.mode != EntryMode.SETTLE or self.table is None:
            return {}
        keying = self.table.keying("first") or self.table.keying("carried") or self.table.keying("agreed")
        return dict(keying.figures) if keying is not None else {}

    def first_focus(self) -> str:
        return "papers-given" if self.mode != EntryMode.FIRST else "table-id"

    def typed(self, values: dict[str, str]) -> TypedTable:
        return TypedTable(
            seats=self.contest.seats,
            papers_given=whole(values["papers-given"]),
            votes={c.candidate_id: whole(values[f"votes-{c.ballot_order}"]) for c in self.contest.candidates},
            doubtful=whole(values["doubtful"]),
            valid_papers=whole(values["valid-papers"]) if self.contest.seats > 1 else None,
        )

    def checks(self, values: dict[str, str]) -> list[Check]:
        return table_checks(self.typed(values), self.contest.candidates)

    def build_step(self, values: dict[str, str]) -> Step | str:
        table_id = values["table-id"].strip()
        if not table_id:
            return "type the count table's name (e.g. T3)"
        typed = self.typed(values)
        if typed.blanks:
            return f"{typed.blanks} figure(s) are still blank: type 0 where a candidate has no votes"
        args: dict[str, object] = {
            "contest_id": self.contest.contest_id, "table_id": table_id, "papers_given": typed.papers_given,
            "votes": dict(typed.votes), "doubtful": typed.doubtful,
        }
        if self.contest.seats > 1:
            args["valid_papers"] = typed.valid_papers
        if self.mode == EntryMode.SETTLE:
            return step(f"Settle table {table_id}", f"Table {table_id} settled", "count.resolve_table",
                        reason=values["reason"], **args)
        done = f"Table {table_id} entered" if self.mode == EntryMode.FIRST else f"Table {table_id} keyed again"
        return step(f"Enter table {table_id}'s figures", done, "count.record_table", keying=self.mode.value, **args)
