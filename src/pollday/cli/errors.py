"""Turning every expected failure into a plain message and a non-zero exit, never a traceback."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from pollday.services.election_service import ReplayDiverged, SignInRefused
from pollday.store.errors import StoreError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_REFUSED = 1  # the command ran, and something was refused or failed verification
EXIT_USAGE = 2  # bad input: a file, a path, a definition


class CliFailure(click.ClickException):
    """A failure whose message is complete: printed as it is."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"pollday: {self.message}", err=True)


def friendly_errors(command: F) -> F:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from pollday.definition.errors import DefinitionError

        try:
            return command(*args, **kwargs)
        except DefinitionError as error:
            raise CliFailure(str(error)) from None
        except (StoreError, SignInRefused, ReplayDiverged) as error:
            raise CliFailure(str(error), EXIT_REFUSED if isinstance(error, SignInRefused) else EXIT_USAGE) from None
        except BrokenPipeError:
            # The reader went away (e.g. `pollday status | head`): nothing more to say.
            sys.stderr.close()
            sys.exit(0)
        except OSError as error:
            raise CliFailure(f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")) from None
        except click.ClickException:
            raise
        except Exception as error:
            if os.environ.get("POLLDAY_DEBUG"):
                raise
            click.echo(
                f"pollday: internal error ({type(error).__name__}: {error}). Nothing half-done was saved. "
                "Please report this; set POLLDAY_DEBUG=1 to see the details.",
                err=True,
            )
            sys.exit(70)

    return wrapper  # type: ignore[return-value]
