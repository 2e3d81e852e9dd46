"""What the verification desk's pop-up forms share: their frame, Escape to cancel, a line for problems."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

AnswerT = TypeVar("AnswerT")


class VerificationDialog(ModalScreen[AnswerT | None]):
    """A form over the desk. Enter in its last field answers; Escape dismisses it with None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    # CSS, not DEFAULT_CSS: it must win over pollday.tcss (its Screen background). Unscoped, because Textual
    # would scope it to each subclass's name, which these rules (written for the base class) never start with.
    SCOPED_CSS = False
    CSS = """
    VerificationDialog {
        align: center middle;
        background: black 70%;
    }
    VerificationDialog #vf-dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        background: #1c1c1c;
        border: heavy yellow;
    }
    VerificationDialog .vf-dialog-title {
        text-style: bold;
        color: yellow;
    }
    VerificationDialog .vf-label {
        margin-top: 1;
        text-style: bold;
    }
    VerificationDialog .vf-row {
        height: 3;
        margin-top: 1;
    }
    VerificationDialog .vf-row Label {
        width: auto;
        padding: 1 1 0 0;
        text-style: bold;
    }
    VerificationDialog #vf-move-papers {
        width: 12;
    }
    VerificationDialog #vf-note {
        width: 1fr;
    }
    VerificationDialog .vf-hint {
        color: #c0c0c0;
    }
    VerificationDialog .vf-problem {
        color: #ff8080;
        text-style: bold;
    }
    VerificationDialog OptionList, VerificationDialog SelectionList {
        height: auto;
        max-height: 10;
        background: black;
        border: tall #808080;
    }
    VerificationDialog OptionList:focus, VerificationDialog SelectionList:focus {
        border: tall yellow;
    }
    """

    def action_cancel(self) -> None:
        self.dismiss(None)

    def say_problem(self, problem: str) -> None:
        """A problem the form itself can see (nothing typed); the services judge everything else."""
        self.app.bell()
        problem_line = self.query_one("#vf-problem", Static)
        problem_line.update(problem)
        problem_line.display = True

    @staticmethod
    def problem_line() -> Static:
        line = Static("", id="vf-problem", classes="vf-problem", markup=False)
        line.display = False
        return line
