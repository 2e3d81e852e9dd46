"""Plain-English reasons for serial port failures, for the scanning desk and the CLI.

pyserial reports most failures as SerialException with the operating system's errno,
either as an attribute (opening) or only inside the message (reading). Staff need to
know what to do, not the errno, so each known cause becomes a short instruction.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass

PERMISSION_DENIED = (
    "permission denied: add this user to the dialout group "
    "(sudo usermod -aG dialout $USER, then log in again)"
)
_ERRNO_IN_MESSAGE = re.compile(r"\[Errno (\d+)\]")
_NOT_THERE = {errno.ENOENT, errno.ENODEV, errno.ENXIO}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM}
_IN_USE = {errno.EBUSY, errno.EAGAIN, errno.EWOULDBLOCK}
_GONE = {errno.EIO, errno.ENODEV, errno.ENXIO, errno.EPIPE}
_NOTHING_LISTENING = {errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT}


@dataclass(frozen=True)
class PortProblem:
    """Why a port could not be opened or read.

    `needs_a_person`: waiting will not fix it (e.g. permissions), though we keep trying in
    case someone does. `hopeless`: the settings themselves are wrong (a bad URL), so
    trying again can never work.
    """

    detail: str
    needs_a_person: bool = False
    hopeless: bool = False


def describe_open_error(error: BaseException, port_url: str) -> PortProblem:
    if isinstance(error, ValueError):
        return PortProblem(f"cannot use {port_url}: {error}", needs_a_person=True, hopeless=True)
    code = error_number(error)
    if code in _NOT_THERE:
        return PortProblem(f"not plugged in (no {port_url})")
    if code in _NOT_ALLOWED:
        return PortProblem(PERMISSION_DENIED, needs_a_person=True)
    if code in _IN_USE:
        return PortProblem(f"in use by another program ({port_url} is already open, perhaps by another "
                           "pollday terminal or a serial console)")
    if code in _NOTHING_LISTENING:
        return PortProblem(f"nothing answers at {port_url}")
    return PortProblem(f"cannot open {port_url}: {_strip_errno(error)}")


def describe_read_error(error: BaseException, port_url: str) -> PortProblem:
    code = error_number(error)
    if code in _GONE or "returned no data" in str(error):
        return PortProblem(f"disconnected from {port_url} (unplugged, or the scanner restarted)")
    return PortProblem(f"lost {port_url}: {_strip_errno(error)}")


def error_number(error: BaseException) -> int | None:
    code = getattr(error, "errno", None)
    if isinstance(code, int):
        return code
    found = _ERRNO_IN_MESSAGE.search(str(error))
    return int(found.group(1)) if found else None


def _strip_errno(error: BaseException) -> str:
    text = str(error)
    if isinstance(error, OSError) and error.strerror and not _ERRNO_IN_MESSAGE.search(text):
        return error.strerror
    return _ERRNO_IN_MESSAGE.sub("", text).replace("  ", " ").strip() or type(error).__name__
