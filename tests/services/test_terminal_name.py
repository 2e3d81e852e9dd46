"""Every terminal gets a name the journal and the other terminals can show."""

from __future__ import annotations

import os

import pytest

from pollday.services.session import default_terminal_name


def test_an_explicit_name_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLLDAY_TERMINAL", "  count-desk-3  ")
    assert default_terminal_name() == "count-desk-3"


def test_a_browser_tab_is_named_as_a_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLLDAY_TERMINAL", raising=False)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert default_terminal_name().endswith(f"/browser{os.getpid()}")


def test_without_a_terminal_device_the_process_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLLDAY_TERMINAL", raising=False)
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)

    def no_tty(fd: int) -> str:
        raise OSError("not a terminal")

    monkeypatch.setattr(os, "ttyname", no_tty)
    assert default_terminal_name().endswith(f"/pid{os.getpid()}")
