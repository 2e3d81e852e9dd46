"""Scanner profiles: one TOML file per scanner model, read into a `ScannerProfile`.

Staff edit these files (see docs/scanners.md), so every problem is reported in words that
name the file and the key, e.g. "scanners/zebra.toml: baud: 'fast' is not a whole number",
and all problems in a file are reported at once rather than one per attempt.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

PROFILE_SUFFIX = ".toml"
STX = 0x02
MAX_AFFIX_LENGTH = 20  # the longest prefix or suffix the common scanners can be programmed with
STANDARD_BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)
_NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class ProfileError(ValueError):
    """A profile that cannot be used; each line names the file and the key."""


class Connection(StrEnum):
    SERIAL = "serial"  # RS-232, or USB in CDC / "USB serial" / "USB-COM" mode: a /dev/ttyACM* port
    KEYBOARD_WEDGE = "keyboard-wedge"  # USB HID keyboard: types into the pollday screen


class Parity(StrEnum):
    NONE = "none"
    EVEN = "even"
    ODD = "odd"


class Terminator(StrEnum):
    CR = "CR"
    LF = "LF"
    CRLF = "CRLF"
    TAB = "TAB"
    ETX = "ETX"


TERMINATOR_BYTES: dict[Terminator, bytes] = {
    Terminator.CR: b"\r",
    Terminator.LF: b"\n",
    Terminator.CRLF: b"\r\n",
    Terminator.TAB: b"\t",
    Terminator.ETX: b"\x03",
}


@dataclass(frozen=True)
class ScannerProfile:
    """How one scanner model talks to us. Serial settings only matter for real RS-232 lines:
    a USB CDC port ignores baud, parity and stop bits, but they do no harm."""

    name: str
    connection: Connection
    description: str = ""
    port: str = ""  # a device path or pyserial URL; empty means "give --port"
    baud: int = 9600
    data_bits: int = 8
    parity: Parity = Parity.NONE
    stop_bits: float = 1
    terminator: Terminator = Terminator.CR
    stx_start: bool = False  # frames also begin with STX (0x02), as in STX ... ETX framing
    prefix: bytes = b""
    suffix: bytes = b""
    good_read_delay_ms: int = 500
    max_frame_length: int = 256
    symbologies: tuple[str, ...] = ()
    max_inter_key_ms: int = 30
    min_length: int = 8
    keyboard_layout: str = "gb"
    source: Path | None = None

    @property
    def is_serial(self) -> bool:
        return self.connection == Connection.SERIAL

    @property
    def terminator_bytes(self) -> bytes:
        return TERMINATOR_BYTES[self.terminator]


# --- reading a file ----------------------------------------------------------------------


def load_profile(path: Path | str) -> ScannerProfile:
    """Read and check one profile file; raise ProfileError listing every problem in it."""
    path = Path(path)
    shown = _shown(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ProfileError(f"{shown}: no such file") from None
    except OSError as error:
        raise ProfileError(f"{shown}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise ProfileError(f"{shown}: is not UTF-8 text (byte {error.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{shown}: is not valid TOML: {error}") from None
    checker = _ProfileChecker(shown, data)
    profile = checker.profile(path)
    if path.suffix == PROFILE_SUFFIX and profile is not None and profile.name != path.stem:
        checker.problem("name", f"'{profile.name}' differs from the file name '{path.name}'; make them the same "
                                f"so that --profile {path.stem} finds this file")
    if checker.problems or profile is None:
        raise ProfileError("\n".join(checker.problems))
    return profile


_Parser = Callable[[str, Any], Any]


class _ProfileChecker:
    """Checks each key of one parsed file, collecting problems instead of stopping at the first."""

    def __init__(self, shown: str, data: dict[str, Any]) -> None:
        self.shown = shown
        self.data = data
        self.problems: list[str] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.shown}: {key}: {message}")

    def profile(self, path: Path) -> ScannerProfile | None:
        parsers: dict[str, _Parser] = {
            "name": self._name,
            "description": self._text,
            "connection": _choice(Connection, self),
            "port": self._text,
            "url": self._text,
            "baud": self._baud,
            "data_bits": self._one_of((7, 8)),
            "parity": _choice(Parity, self),
            "stop_bits": self._one_of((1, 1.5, 2)),
            "terminator": _choice(Terminator, self),
            "stx_start": self._flag,
            "prefix": self._affix,
            "suffix": self._affix,
            "good_read_delay_ms": self._whole(0, 10_000),
            "max_frame_length": self._whole(8, 8192),
            "symbologies": self._text_list,
            "max_inter_key_ms": self._whole(1, 1000),
            "min_length": self._whole(1, 1000),
            "keyboard_layout": self._text,
        }
        for key in self.data:
            if key not in parsers:
                self.problem(key, f"unknown key{_did_you_mean(key, parsers)}")
        values: dict[str, Any] = {}
        for key, parser in parsers.items():
            if key in self.data:
                parsed = parser(key, self.data[key])
                if parsed is not None:
                    values[key] = parsed
        for required in ("name", "connection"):
            if required not in self.data:
                self.problem(required, "missing: every profile needs one")
        self._check_port(values)
        self._check_affixes(values)
        if "name" not in values or "connection" not in values:
            return None
        url, port = values.pop("url", ""), values.pop("port", "")
        symbologies = tuple(values.pop("symbologies", ()))
        return ScannerProfile(port=url or port, symbologies=symbologies, source=path.resolve(), **values)

    # --- cross-key checks ----------------------------------------------------------------

    def _check_port(self, values: dict[str, Any]) -> None:
        if "port" in self.data and "url" in self.data:
            self.problem("url", "give either port or url, not both")
        if values.get("connection") == Connection.KEYBOARD_WEDGE and (values.get("port") or values.get("url")):
            key = "url" if values.get("url") else "port"
            self.problem(key, "a keyboard-wedge scanner types into the pollday screen and has no port; "
                              "leave it out, or set connection = \"serial\"")

    def _check_affixes(self, values: dict[str, Any]) -> None:
        ending = TERMINATOR_BYTES[values.get("terminator", Terminator.CR)]
        for key in ("prefix", "suffix"):
            affix: bytes = values.get(key, b"")
            clashing = [byte for byte in set(ending) | {STX} if byte in affix]
            if clashing:
                self.problem(key, "contains a framing character (STX or the terminator), so frames would "
                                  "be cut inside it")

    # --- single-key parsers: each returns the value, or None after recording a problem --

    def _name(self, key: str, value: Any) -> str | None:
        text = self._text(key, value)
        if text is not None and not _NAME_PATTERN.match(text):
            self.problem(key, f"{text!r} may use only lower-case letters, digits and hyphens (at most 64)")
            return None
        return text

    def _text(self, key: str, value: Any) -> str | None:
        if not isinstance(value, str):
            self.problem(key, f"{value!r} is not text (put it in double quotes)")
            return None
        return value

    def _flag(self, key: str, value: Any) -> bool | None:
        if not isinstance(value, bool):
            self.problem(key, f"{value!r} is not true or false")
            return None
        return value

    def _affix(self, key: str, value: Any) -> bytes | None:
        text = self._text(key, value)
        if text is None:
            return None
        if len(text) > MAX_AFFIX_LENGTH:
            self.problem(key, f"{text!r} is longer than {MAX_AFFIX_LENGTH} characters")
            return None
        return text.encode("utf-8")

    def _text_list(self, key: str, value: Any) -> list[str] | None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(key, f"{value!r} is not a list of names in double quotes, e.g. [\"QR\", \"Code 128\"]")
            return None
        return value

    def _baud(self, key: str, value: Any) -> int | None:
        number = self._whole(1, 4_000_000)(key, value)
        if number is not None and number not in STANDARD_BAUD_RATES:
            rates = ", ".join(str(rate) for rate in STANDARD_BAUD_RATES)
            self.problem(key, f"{number} is not a standard baud rate ({rates})")
            return None
        return number

    def _whole(self, minimum: int, maximum: int) -> _Parser:
        def parse(key: str, value: Any) -> int | None:
            if isinstance(value, bool) or not isinstance(value, int):
                self.problem(key, f"{value!r} is not a whole number")
                return None
            if not minimum <= value <= maximum:
                self.problem(key, f"{value} is not between {minimum} and {maximum}")
                return None
            return value

        return parse

    def _one_of(self, allowed: tuple[float, ...]) -> _Parser:
        def parse(key: str, value: Any) -> float | None:
            if isinstance(value, bool) or not isinstance(value, int | float) or value not in allowed:
                self.problem(key, f"{value!r} is not one of {', '.join(f'{a:g}' for a in allowed)}")
                return None
            return value

        return parse


def _choice(enum: type[StrEnum], checker: _ProfileChecker) -> _Parser:
    def parse(key: str, value: Any) -> StrEnum | None:
        if isinstance(value, str):
            for member in enum:
                if member.value.lower() == value.strip().lower():
                    return member
        names = ", ".join(member.value for member in enum)
        checker.problem(key, f"{value!r} is not one of {names}")
        return None

    return parse


def _did_you_mean(key: str, known: Sequence[str] | dict[str, Any]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(known)})"


def _shown(path: Path) -> str:
    """The path as staff would type it: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- finding a profile by name -----------------------------------------------------------


def profile_folders() -> list[Path]:
    """Where profiles are looked for, first match wins: ./scanners (a count centre's own
    copies), the repository's scanners/ (an editable install), then the copy bundled into
    an installed package."""
    here = Path(__file__).resolve()
    candidates = [Path.cwd() / "scanners", here.parents[3] / "scanners", here.parents[1] / "_bundled" / "scanners"]
    folders: list[Path] = []
    for folder in candidates:
        if folder.is_dir() and folder.resolve() not in {known.resolve() for known in folders}:
            folders.append(folder)
    return folders


def available_profiles(folders: Sequence[Path] | None = None) -> dict[str, Path]:
    """Profile name -> file, the first folder holding a name winning."""
    found: dict[str, Path] = {}
    for folder in profile_folders() if folders is None else folders:
        for path in sorted(folder.glob(f"*{PROFILE_SUFFIX}")):
            found.setdefault(path.stem, path)
    return dict(sorted(found.items()))


def find_profile(name: str, folders: Sequence[Path] | None = None) -> ScannerProfile:
    """The profile called `name` (the file `<name>.toml`), from the first folder that has it."""
    if not _NAME_PATTERN.match(name):
        raise ProfileError(f"'{name}' is not a profile name: names use lower-case letters, digits and hyphens")
    searched = profile_folders() if folders is None else list(folders)
    for folder in searched:
        path = folder / f"{name}{PROFILE_SUFFIX}"
        if path.is_file():
            return load_profile(path)
    known = ", ".join(available_profiles(searched)) or "none"
    places = ", ".join(_shown(folder) for folder in searched) or "no scanners/ folder found"
    raise ProfileError(f"no scanner profile named '{name}' (looked in {places}; profiles there: {known})")
