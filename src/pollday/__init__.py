"""pollday: a terminal application for UK count centres and polling-day control rooms."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pollday")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
