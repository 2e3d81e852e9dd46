"""The progress board in a terminal, and pollday served to browsers."""

from __future__ import annotations

from pathlib import Path

import click

from pollday.cli.common import db_option, open_service
from pollday.cli.errors import CliFailure, friendly_errors


@click.command("board")
@db_option
@friendly_errors
def board_command(db_path: Path) -> None:
    """Show the read-only progress board (boxes, verification, declared results): for a wall screen."""
    from pollday.services.clock import SystemClock
    from pollday.tui.progress_board_app import ProgressBoardApp

    ProgressBoardApp(open_service(db_path), SystemClock()).run()


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--board", is_flag=True, help="Serve the read-only progress board instead of the full TUI.")
@friendly_errors
def serve_command(db_path: Path, host: str, port: int, board: bool) -> None:
    """Serve pollday to web browsers: each browser tab gets its own session."""
    from pollday.tui.serve import browser_command, is_loopback, serve

    open_service(db_path).close()  # a bad path fails here, not in every browser tab
    if not 1 <= port <= 65535:
        raise CliFailure(f"port {port} is not a port number (1 to 65535)")
    if not is_loopback(host):
        click.echo(f"WARNING: listening on {host}: anyone who can reach this machine's network can open "
                   "pollday in a browser. Use only on the count centre's own closed network.", err=True)
    what = "the progress board" if board else "pollday (sign in with your PIN)"
    click.echo(f"serving {what} at http://{host}:{port}/ ; each tab runs: {browser_command(db_path, board)}")
    serve(db_path, host, port, board)
