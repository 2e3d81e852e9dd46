"""`pollday report postal-lists|form-k|marked-postal-list|rejection-notices`: the postal vote documents as PDF.

Each reads `services.postal_export`, as `pollday postal export` does, so a PDF and the
CSV or JSON agree figure for figure. As in report_cmds, fpdf and the document modules
are imported inside the commands so that other commands do not pay for them.
"""

from __future__ import annotations

from pathlib import Path

from pollday.cli.common import db_option
from pollday.cli.errors import friendly_errors
from pollday.cli.report_cmds import contest_option, make_report, out_option, report_group


@report_group.command("postal-lists")
@db_option
@out_option
@friendly_errors
def postal_lists_command(db_path: Path, out_path: Path) -> None:
    """The four statutory lists of rejected postal votes (reg 87) and the record of suspected offences.

    One document for every poll. Lists 3 and 4 name the electors (and proxies) but never
    a ballot paper number; no list gives a date of birth or signature. The same rows as
    CSV: `pollday postal export --format csv --list 1` (to 4).
    """
    from pollday.documents.postal_lists import render_postal_lists

    make_report(db_path, out_path, render_postal_lists)


@report_group.command("form-k")
@db_option
@contest_option
@out_option
@friendly_errors
def form_k_command(db_path: Path, contest_id: str, out_path: Path) -> None:
    """The statement as to postal ballot papers (Form K) for one poll, with the EC's postal figures.

    Form K is made for each poll (each contest), even where postal issue was combined, and
    each poll's statement is sent on its own: run this once per contest. Every line is
    marked "to be confirmed" until its wording is checked against the prescribed form.
    The same figures as CSV: `pollday postal export --format csv --list form-k` (and ec-stats).
    """
    from pollday.documents.form_k import render_form_k

    make_report(db_path, out_path, lambda service, now: render_form_k(service, contest_id, now))


@report_group.command("marked-postal-list")
@db_option
@out_option
@friendly_errors
def marked_postal_list_command(db_path: Path, out_path: Path) -> None:
    """The marked postal voters list: every postal voter, when their return came and where it stands.

    Names and addresses, no ballot paper numbers or identifiers. The same rows as CSV:
    `pollday postal export --format csv --list marked`.
    """
    from pollday.documents.postal_marked_list import render_marked_list

    make_report(db_path, out_path, render_marked_list)


@report_group.command("rejection-notices")
@db_option
@out_option
@friendly_errors
def rejection_notices_command(db_path: Path, out_path: Path) -> None:
    """The ERO's letters telling voters their postal vote was rejected, one a page, after a cover sheet.

    Third list (and the fourth at a UK Parliamentary election); none where an offence is
    suspected. A letter gives the specified reasons only, never the identifiers. The same
    letters as CSV, for a mail merge: `pollday postal export --format csv --list notices`.
    """
    from pollday.documents.postal_notices import render_rejection_notices

    make_report(db_path, out_path, render_rejection_notices)
