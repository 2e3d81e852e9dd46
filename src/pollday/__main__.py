"""`python -m pollday`: the same as the `pollday` command (used to start browser sessions)."""

from pollday.cli import main

main()
