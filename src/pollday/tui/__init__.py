"""The Textual face of pollday. The only package that imports textual."""

from pollday.tui.app import PolldayApp, run_tui

__all__ = ["PolldayApp", "run_tui"]
