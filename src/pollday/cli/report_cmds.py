"""`pollday report ...`: the statements, notices, registers and logs as PDF files.

Every document reads the same read models as `pollday export`, so a PDF and an export made
from the same database agree figure for figure. fpdf and the document modules are imported
inside the commands: importing fpdf alone costs about 250 ms, which every other pollday
command would otherwise pay.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pollday.cli.common import db_option, open_service
from pollday.cli.errors import EXIT_REFUSED, CliFailure, friendly_errors
from pollday.services.election_service import ElectionService

if TYPE_CHECKING:
    from pollday.documents.report_tables import RenderedDocument

Render = Callable[[ElectionService, datetime], "RenderedDocument"]

contest_option = click.option("--contest", "contest_id", required=True,
                              help="The contest's ballot ID, e.g. parl.kestrel-vale.2026-05-07.")
out_option = click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
                          help="The PDF file to write.")


@click.group("report")
def report_group() -> None:
    """Print statements, the declaration, registers and logs as PDF (REHEARSAL in a rehearsal database)."""


@report_group.command("verification-statement")
@db_option
@contest_option
@out_option
@friendly_errors
def verification_statement_command(db_path: Path, contest_id: str, out_path: Path) -> None:
    """The verification statement: every ballot paper account against its BPA, the totals, the RO's sign-off."""
    from pollday.documents.verification_statement import render_verification_statement

    make_report(db_path, out_path, lambda service, now: render_verification_statement(service, contest_id, now))


@report_group.command("tendered-statement")
@db_option
@contest_option
@out_option
@friendly_errors
def tendered_statement_command(db_path: Path, contest_id: str, out_path: Path) -> None:
    """The tendered verification statement: tendered papers issued per BPA and the tendered votes lists."""
    from pollday.documents.tendered_statement import render_tendered_statement

    make_report(db_path, out_path, lambda service, now: render_tendered_statement(service, contest_id, now))


@report_group.command("box-receipts")
@db_option
@out_option
@friendly_errors
def box_receipts_command(db_path: Path, out_path: Path) -> None:
    """The box receipt log, and the boxes overdue or missing now (by this computer's clock)."""
    from pollday.documents.box_receipts import render_box_receipts

    make_report(db_path, out_path, render_box_receipts)


@report_group.command("declaration")
@db_option
@contest_option
@out_option
@friendly_errors
def declaration_command(db_path: Path, contest_id: str, out_path: Path) -> None:
    """The declaration of result of poll (notice of result): only for a declared contest."""
    from pollday.documents.declaration import render_declaration

    make_report(db_path, out_path, lambda service, now: render_declaration(service, contest_id, now))


@report_group.command("rejected-papers")
@db_option
@contest_option
@out_option
@friendly_errors
def rejected_papers_command(db_path: Path, contest_id: str, out_path: Path) -> None:
    """The statement of rejected ballot papers: each statutory head, the total, rejections objected to."""
    from pollday.documents.rejected_papers import render_rejected_papers

    make_report(db_path, out_path, lambda service, now: render_rejected_papers(service, contest_id, now))


@report_group.command("provisional")
@db_option
@contest_option
@click.option("--version", "version", type=click.IntRange(min=1), default=None,
              help="Which provisional result (default: the latest).")
@out_option
@friendly_errors
def provisional_command(db_path: Path, contest_id: str, version: int | None, out_path: Path) -> None:
    """A provisional result sheet, with each figure's change since the previous version."""
    from pollday.documents.provisional_sheet import render_provisional_sheet

    make_report(db_path, out_path,
          lambda service, now: render_provisional_sheet(service, contest_id, now, version=version))


@report_group.command("recounts")
@db_option
@contest_option
@out_option
@friendly_errors
def recounts_command(db_path: Path, contest_id: str, out_path: Path) -> None:
    """The recount register: every request, the RO's decision and reason, and what the recount changed."""
    from pollday.documents.recount_register import render_recount_register

    make_report(db_path, out_path, lambda service, now: render_recount_register(service, contest_id, now))


def make_report(db_path: Path, out_path: Path, render: Render) -> None:
    from pollday.documents.errors import DocumentError
    from pollday.documents.report_tables import NotReady

    if not db_path.is_file():
        raise CliFailure(f"no election database at {db_path}")
    service = open_service(db_path)
    try:
        # The one clock read: the document's generated-at time and, for the box log, "now".
        document = render(service, service.clock.now())
    except NotReady as error:
        raise CliFailure(str(error), EXIT_REFUSED) from None
    except (DocumentError, ValueError) as error:
        raise CliFailure(str(error)) from None
    finally:
        service.close()
    out_path.write_bytes(document.pdf)
    facts = document.facts
    about = f"{facts.title}, {facts.contest_name}" if facts.contest_name else facts.title
    click.echo(f"{out_path}: {about}, {document.pages} page(s), {facts.status.value}, {facts.journal_mark}")
