"""Creating databases (from a definition or the demo) and opening the TUI."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pollday.cli.common import db_option, open_service
from pollday.cli.errors import CliFailure, friendly_errors
from pollday.domain.election import ElectionMode
from pollday.services.election_service import ElectionService
from pollday.store.errors import StoreError

if TYPE_CHECKING:
    from pollday.tui.scanning import ScannerConfig

DEFAULT_DEMO_DB = Path("pollday-demo.db")

scanner_option = click.option(
    "--scanner", "scanner_profile", default=None, metavar="PROFILE",
    help="Scanner profile of this terminal's scanner (see `pollday scanner profiles`): a serial profile starts "
         "reading its port; keyboard-wedge sets how scans are told from typing.",
)
port_option = click.option(
    "--port", "scanner_port", default=None, metavar="URL",
    help="The serial scanner's device or pyserial URL, e.g. /dev/ttyACM0 (default: the profile's port; "
         "--port alone uses the generic profile).",
)


def _scanner_config(profile_name: str | None, port: str | None) -> ScannerConfig | None:
    """Check --scanner and --port before anything else happens, so a typo never opens a TUI without its scanner."""
    from pollday.tui.scanning import ScannerConfigError, scanner_config

    try:
        return scanner_config(profile_name, port)
    except ScannerConfigError as error:
        raise CliFailure(str(error)) from None


@click.command("init")
@db_option
@click.option("--election", "election_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder holding the election definition.")
@click.option("--rehearsal", is_flag=True, help="Create a rehearsal database (it can never become official).")
@friendly_errors
def init_command(db_path: Path, election_dir: Path, rehearsal: bool) -> None:
    """Create a new election database from a definition folder (see docs/election-format.md)."""
    from pollday.definition.loader import load_definition

    definition = load_definition(election_dir)
    mode = ElectionMode.REHEARSAL if rehearsal else ElectionMode.OFFICIAL
    service = ElectionService.create(db_path, definition, mode)
    contests = len(definition.contests)
    click.echo(f"created {db_path}: {definition.name} ({mode.value}), {contests} contest(s), "
               f"{len(definition.stations)} stations, {len(definition.boxes)} boxes, {len(definition.users)} users")
    service.close()


@click.command("demo")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DEMO_DB,
              show_default=True, help="Where to build the demo database (an old demo there is replaced).")
@click.option("--seed", default=2026, show_default=True, help="Same seed, same election, same digest.")
@click.option("--stage", default="setup", show_default=True, help="How far into the night to take the demo.")
@click.option("--build-only", is_flag=True, help="Build the database and exit without opening the TUI.")
@scanner_option
@port_option
@friendly_errors
def demo_command(db_path: Path, seed: int, stage: str, build_only: bool, scanner_profile: str | None,
                 scanner_port: str | None) -> None:
    """Build the fictional Kestrel Vale election (rehearsal) and open it, signed in as its RO."""
    from pollday.demo.stages import DEMO_USER, STAGES, build_demo

    if stage not in STAGES:
        raise CliFailure(f"unknown stage '{stage}': choose one of {', '.join(STAGES)}")
    scanner = _scanner_config(scanner_profile, scanner_port)
    _remove_old_demo(db_path)
    service = build_demo(db_path, seed=seed, stage=stage)
    click.echo(f"built the demo election in {db_path} (seed {seed}, stage {stage}); digest {service.digest()}")
    if build_only:
        service.close()
        return
    service.close()
    from pollday.demo.generator import DEMO_PINS
    from pollday.tui.app import run_tui

    live = open_service(db_path)
    click.echo(f"opening the TUI as '{DEMO_USER}' (rehearsal PIN {DEMO_PINS[DEMO_USER]})")
    run_tui(live, session=live.session_for(DEMO_USER), scanner=scanner)


def _remove_old_demo(db_path: Path) -> None:
    """Replace an earlier demo database, but never anything else."""
    if not db_path.exists():
        return
    try:
        old = ElectionService.open(db_path)
        is_demo = old.is_rehearsal() and old.election()["election_id"].startswith("kestrel-vale")
        old.close()
    except StoreError:
        is_demo = False
    if not is_demo:
        raise CliFailure(f"{db_path} exists and is not a pollday demo database: choose another --db path")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


@click.command("tui")
@db_option
@scanner_option
@port_option
@friendly_errors
def tui_command(db_path: Path, scanner_profile: str | None, scanner_port: str | None) -> None:
    """Open the terminal interface on an election database (sign in with your PIN)."""
    scanner = _scanner_config(scanner_profile, scanner_port)
    from pollday.tui.app import run_tui

    run_tui(open_service(db_path), scanner=scanner)
