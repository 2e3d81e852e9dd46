"""Who is signed in at a terminal."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from pollday.domain.roles import ROLE_LABELS, Permission, Power, Role, permissions_of


@dataclass(frozen=True)
class Session:
    username: str
    full_name: str
    role: Role
    powers: frozenset[Power]
    terminal: str

    def may(self, permission: Permission) -> bool:
        return permission in permissions_of(self.role, self.powers)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def default_terminal_name() -> str:
    """POLLDAY_TERMINAL if set, else host and device: 'count-pc/pts/3', or 'count-pc/browser812' in a browser."""
    named = os.environ.get("POLLDAY_TERMINAL", "").strip()
    if named:
        return named[:40]
    host = socket.gethostname().split(".")[0] or "host"
    if os.environ.get("TEXTUAL_DRIVER", "").endswith("WebDriver"):
        # Served by `pollday serve`: one process per browser tab, so the process names the tab.
        return f"{host}/browser{os.getpid()}"[:40]
    try:
        tty = os.ttyname(0).removeprefix("/dev/")
    except OSError:
        tty = f"pid{os.getpid()}"
    return f"{host}/{tty}"[:40]
