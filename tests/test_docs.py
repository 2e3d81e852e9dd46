"""Documentation generated from the code must match it."""

from __future__ import annotations

from pathlib import Path

from pollday.domain.catalogue import commands_markdown, roles_markdown
from pollday.domain.commands import COMMANDS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_commands_page_is_current() -> None:
    assert (DOCS / "commands.md").read_text() == commands_markdown(), "run scripts/gen-docs"


def test_roles_page_is_current() -> None:
    assert (DOCS / "roles.md").read_text() == roles_markdown(), "run scripts/gen-docs"


def test_every_command_is_documented() -> None:
    page = (DOCS / "commands.md").read_text()
    assert all(f"## `{name}`" in page for name in COMMANDS)
