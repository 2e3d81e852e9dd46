"""Running command files and checking, exporting and replaying the journal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from pollday.cli.common import db_option, open_service, sign_in_from_cli
from pollday.cli.errors import EXIT_REFUSED, CliFailure, friendly_errors
from pollday.domain.canonical import canonical_json
from pollday.domain.journal import ChainLink, JournalEntry, find_chain_break, link_from_public
from pollday.services.election_service import ElectionService


@click.command("apply")
@db_option
@click.option("--user", "username", required=True, help="Apply the commands as this user (PIN from POLLDAY_PIN).")
@click.argument("command_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@friendly_errors
def apply_command(db_path: Path, username: str, command_file: Path) -> None:
    """Apply a file of commands, one JSON object per line, as USER.

    Blank lines and lines starting with '#' are skipped. Stops at the first refused
    command, names its line and the reason, and exits non-zero; the commands before
    it stay applied (each is its own transaction).
    """
    service = open_service(db_path)
    session = sign_in_from_cli(service, username)
    applied = 0
    for line_number, line in _command_lines(command_file):
        try:
            raw: Any = json.loads(line)
        except json.JSONDecodeError as error:
            raw = line  # journaled as refused, like any other unreadable command
            service.execute(session, raw)
            raise CliFailure(
                f"{command_file} line {line_number}: not valid JSON ({error.msg} at column {error.colno}); "
                f"{applied} command(s) before it were applied",
                EXIT_REFUSED,
            ) from None
        result = service.execute(session, raw)
        if not result.applied:
            raise CliFailure(
                f"{command_file} line {line_number}: refused: {result.reason} (journal entry {result.seq}); "
                f"{applied} command(s) before it were applied",
                EXIT_REFUSED,
            )
        applied += 1
    click.echo(f"applied {applied} command(s) from {command_file} as {session.username}")


def _command_lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CliFailure(f"{path} is not UTF-8 text: save it as UTF-8 and try again") from None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield number, stripped


@click.group("journal")
def journal_group() -> None:
    """Verify, export and replay the hash-chained command journal."""


@journal_group.command("verify")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), help="An election database.")
@click.option("--file", "journal_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An exported journal (full or public) instead of a database.")
@friendly_errors
def verify_command(db_path: Path | None, journal_file: Path | None) -> None:
    """Recompute the hash chain; exit 0 if intact, else name the first bad entry."""
    if (db_path is None) == (journal_file is None):
        raise CliFailure("give either --db DATABASE or --file EXPORTED-JOURNAL")
    if journal_file is not None:
        links = _read_links(journal_file)
        problem = find_chain_break(links)
        if problem:
            raise CliFailure(f"journal does NOT verify: {problem}", EXIT_REFUSED)
        click.echo(f"journal file verified: {len(links)} entries, head {links[-1].hash if links else '(empty)'}")
        return
    assert db_path is not None
    service = open_service(db_path)
    problem = service.verify_journal()
    length = service.store.journal_length()
    if problem:
        raise CliFailure(f"journal does NOT verify: {problem}", EXIT_REFUSED)
    seq, head = service.store.journal_head()
    click.echo(f"journal verified: {length} entries, head {seq} {head}")


def _read_links(path: Path) -> list[ChainLink]:
    """Chain links from a full or a public export; a published text must match its digest."""
    links = []
    for number, line in _command_lines(path):
        try:
            data = json.loads(line)
            if "command_sha256" in data:
                link, mismatch = link_from_public(data)
                if mismatch:
                    raise CliFailure(f"journal does NOT verify: journal entry {link.seq}: {mismatch}", EXIT_REFUSED)
            else:
                link = JournalEntry.from_json(data).link()
        except (json.JSONDecodeError, ValueError, TypeError) as error:
            raise CliFailure(f"{path} line {number}: not a journal entry ({error})") from None
        links.append(link)
    return links


@journal_group.command("export")
@db_option
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the journal, one JSON entry per line.")
@click.option("--public", is_flag=True,
              help="Withhold PINs, personal data and undeclared figures; the chain still verifies.")
@friendly_errors
def export_command(db_path: Path, out_path: Path, public: bool) -> None:
    """Write the whole journal as JSON Lines, hashes included."""
    service = open_service(db_path)
    entries = service.export_public_journal() if public else service.export_journal()
    count = withheld = 0
    with out_path.open("w", encoding="utf-8") as out:
        for entry in entries:
            out.write(canonical_json(entry) + "\n")
            count += 1
            withheld += bool(entry.get("withheld"))
    detail = f" ({withheld} withheld for publication)" if public else ""
    click.echo(f"exported {count} journal entries to {out_path}{detail}")


@journal_group.command("replay")
@click.argument("journal_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@friendly_errors
def replay_command(journal_file: Path, db_path: Path) -> None:
    """Rebuild an election in a NEW database from an exported journal, re-checking every command."""
    entries = list(_read_journal(journal_file))
    service = ElectionService.replay(entries, db_path)
    click.echo(f"replayed {len(entries)} entries into {db_path}; digest {service.digest()}")


def _read_journal(path: Path) -> Iterator[JournalEntry]:
    for number, line in _command_lines(path):
        try:
            yield JournalEntry.from_json(json.loads(line))
        except (json.JSONDecodeError, ValueError, TypeError) as error:
            raise CliFailure(f"{path} line {number}: not a journal entry ({error})") from None


@click.command("digest")
@db_option
@friendly_errors
def digest_command(db_path: Path) -> None:
    """Print the SHA-256 digest of the whole election state (identical after a replay)."""
    click.echo(open_service(db_path).digest())
