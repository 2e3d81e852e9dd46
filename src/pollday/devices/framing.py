"""Cutting the byte stream from a serial scanner into frames, one per barcode read.

Pure bytes logic (no pyserial), fed whatever each read returned: a frame may arrive in
pieces, several may arrive at once, and a cable or a misconfigured scanner may add noise.
The decoder never raises and never loses a good frame because of garbage before it; every
problem becomes a Frame with a plain-English `error`, so the desk never sees silence.

Line endings: a profile whose terminator is CR, LF or CRLF ends a frame at either CR or LF
and drops the empty frame between CR and LF. A scanner reset to a different line ending
(Honeywell's RS-232 default is CR LF, others send CR) therefore still works, and a CR LF
split across two reads cannot produce a phantom read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from pollday.devices.profiles import STX, ScannerProfile, Terminator

_LINE_TERMINATORS = frozenset({Terminator.CR, Terminator.LF, Terminator.CRLF})
_LINE_ENDINGS = frozenset(b"\r\n")


@dataclass(frozen=True)
class Frame:
    """One read: `raw` is every byte between the frame's start and its terminator (prefix,
    suffix and noise included, for diagnostics); `text` is the barcode text with those
    removed; `error` is None, or why the read cannot be trusted."""

    raw: bytes
    text: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class _State(Enum):
    IN_FRAME = auto()
    BETWEEN_FRAMES = auto()  # STX framing only: waiting for the next STX
    DISCARDING = auto()  # after an over-long frame, until the next terminator


class FrameDecoder:
    """Incremental decoder for one scanner's byte stream; not thread-safe (one per reader)."""

    def __init__(self, profile: ScannerProfile) -> None:
        self._prefix = profile.prefix
        self._suffix = profile.suffix
        self._max_length = profile.max_frame_length
        self._uses_stx = profile.stx_start
        if profile.terminator in _LINE_TERMINATORS:
            self._endings = _LINE_ENDINGS
            self._ending_name = "CR or LF"
        else:
            self._endings = frozenset(profile.terminator_bytes)
            self._ending_name = profile.terminator.value
        self._idle_state = _State.BETWEEN_FRAMES if self._uses_stx else _State.IN_FRAME
        self._state = self._idle_state
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[Frame]:
        """Take the next bytes; return the frames they completed, in order."""
        frames: list[Frame] = []
        for byte in data:
            if self._uses_stx and byte == STX:
                self._on_start(frames)
            elif byte in self._endings:
                self._on_end(frames)
            elif self._state != _State.DISCARDING:
                self._buffer.append(byte)
                if len(self._buffer) > self._max_length:
                    self._on_overflow(frames)
        return frames

    def reset(self) -> None:
        """Forget a partial frame, e.g. after the port was closed and opened again."""
        self._buffer.clear()
        self._state = self._idle_state

    # --- events ----------------------------------------------------------------------

    def _on_start(self, frames: list[Frame]) -> None:
        if self._state == _State.IN_FRAME and _has_content(self._buffer):
            frames.append(self._error_frame(
                bytes(self._buffer),
                "read cut short: a new STX start came before this read's ETX end; scan it again",
            ))
        self._buffer.clear()
        self._state = _State.IN_FRAME

    def _on_end(self, frames: list[Frame]) -> None:
        raw = bytes(self._buffer)
        if self._state == _State.IN_FRAME:
            frame = self._finish(raw)
            if frame is not None:
                frames.append(frame)
        elif self._state == _State.BETWEEN_FRAMES and _has_content(raw):
            frames.append(self._error_frame(
                raw,
                f"read without an STX start before it: check that the scanner frames reads as STX ... "
                f"{self._ending_name} (see docs/scanners.md)",
            ))
        self._buffer.clear()
        self._state = self._idle_state

    def _on_overflow(self, frames: list[Frame]) -> None:
        if self._state == _State.BETWEEN_FRAMES:
            # Stray bytes outside any frame: keep only the newest, so memory stays bounded.
            del self._buffer[: len(self._buffer) - self._max_length]
            return
        frames.append(self._error_frame(
            bytes(self._buffer[: self._max_length]),
            f"frame too long: more than {self._max_length} bytes without a {self._ending_name} at the end, "
            f"so it was discarded up to the next {self._ending_name}. Check that the scanner sends a "
            f"{self._ending_name} after each read (see docs/scanners.md)",
        ))
        self._buffer.clear()
        self._state = _State.DISCARDING

    # --- building frames ---------------------------------------------------------------

    def _finish(self, raw: bytes) -> Frame | None:
        """The frame for one complete read, or None when it held nothing but line noise."""
        start, end = 0, len(raw)
        while start < end and _is_noise(raw[start]) and not (self._prefix and raw.startswith(self._prefix, start)):
            start += 1
        while end > start and _is_noise(raw[end - 1]) and not (self._suffix and raw.endswith(self._suffix, 0, end)):
            end -= 1
        body = raw[start:end]
        problems: list[str] = []
        if self._prefix:
            if body.startswith(self._prefix):
                body = body[len(self._prefix):]
            else:
                problems.append(f"the scanner did not send the prefix {_shown(self._prefix)} its profile expects "
                                "(was it reset to factory settings?)")
        if self._suffix:
            if body.endswith(self._suffix):
                body = body[: len(body) - len(self._suffix)]
            else:
                problems.append(f"the scanner did not send the suffix {_shown(self._suffix)} its profile expects "
                                "(was it reset to factory settings?)")
        cleaned = bytes(byte for byte in body if not _is_noise(byte))
        if not cleaned:
            return None  # a blank line, the LF of a CR LF, or noise on the line: not a read
        text, decode_problem = _decode(cleaned)
        if decode_problem:
            problems.append(decode_problem)
        return Frame(raw, text, "; ".join(problems) if problems else None)

    @staticmethod
    def _error_frame(raw: bytes, reason: str) -> Frame:
        text, _ = _decode(bytes(byte for byte in raw if not _is_noise(byte)))
        return Frame(raw, text, reason)


def encode_frame(profile: ScannerProfile, text: str) -> bytes:
    """The bytes a scanner set up as `profile` sends for one read of `text`: for simulators and tests."""
    start = bytes([STX]) if profile.stx_start else b""
    return start + profile.prefix + text.encode("utf-8") + profile.suffix + profile.terminator_bytes


def _is_noise(byte: int) -> bool:
    """Control bytes never appear in pollday codes; on a serial line they are noise or framing."""
    return byte < 0x20 or byte == 0x7F


def _has_content(data: bytes | bytearray) -> bool:
    return any(not _is_noise(byte) for byte in data)


def _decode(data: bytes) -> tuple[str, str | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        bad = data[error.start]
        return data.decode("utf-8", errors="replace"), (
            f"byte 0x{bad:02X} at position {error.start + 1} is not text: check the scanner's character "
            "set (it should send ASCII or UTF-8)"
        )


def _shown(affix: bytes) -> str:
    return repr(affix.decode("utf-8", errors="replace"))
