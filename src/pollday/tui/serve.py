"""Serving the TUI to browsers with textual-serve: one pollday process per browser session."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path

from textual_serve.server import Server


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def browser_command(db_path: Path, board: bool) -> str:
    """The command each browser session runs: the read-only board, or the full TUI with sign-in."""
    subcommand = "board" if board else "tui"
    return f"{shlex.quote(sys.executable)} -m pollday {subcommand} --db {shlex.quote(str(db_path.resolve()))}"


def serve(db_path: Path, host: str, port: int, board: bool) -> None:
    title = "pollday progress board" if board else "pollday"
    Server(browser_command(db_path, board), host=host, port=port, title=title).serve()
