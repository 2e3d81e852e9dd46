"""Seeded random inputs for the four parsers: mostly near-misses of valid input, some noise.

Purely random bytes are rejected at the first check and exercise little, so each
generator starts from something valid (a payload, a frame, a command with the right
argument names, an election definition file) and breaks it in the ways people, cables
and spreadsheets break things. Everything comes from the `random.Random` given, so a
seed reproduces every input.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import types
import typing
from enum import Enum
from typing import Any

from pollday.domain.commands import COMMANDS
from pollday.domain.payloads import ALPHABET, PayloadKind, encode

# Values that have broken parsers before: empty, huge, negative, wrong type, odd text.
JUNK_TEXT = ("", " ", "0", "-1", "1.5", "1e309", "nan", "None", "null", "true", "99999999999999999999999",
             "\x00", "\t", "\r\n", '"', "'", ",", ";", "=", "[", "{}", "[[x]]", "Nguyễn Thảo", "👍", "\ufeff",
             "a" * 300, "01:60", "24:00", "2026-02-30", "-", "--", "--no")
JUNK_BYTES = (b"", b'"', b'""', b",", b",,", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xc3(", b"\xef\xbb\xbf",
              b"-1", b"0", b"99999999999999999999", b"1e309", b"nan", b"[[x]]", b"= ", b"[", b"]", b"#",
              b"\t", "Nguyễn".encode(), b"true", b"'''", b'"""')
FRAME_BYTES = (b"\r", b"\n", b"\r\n", b"\x02", b"\x03", b"\t", b"\x00", b"\x7f", b"\xff", b"\xc3", b"\xa9")


def payload_text(rng: random.Random, tags: list[str]) -> str:
    """A scanned or typed code: valid, one slip away from valid, or not a code at all."""
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(JUNK_TEXT)
    if roll < 0.3:
        return "".join(rng.choice(ALPHABET + "abc -_*é\n") for _ in range(rng.randint(0, 40)))
    body = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 24)))
    text = encode(rng.choice(list(PayloadKind)), rng.choice(tags), body)
    return _slip(rng, text) if roll < 0.85 else text


def _slip(rng: random.Random, text: str) -> str:
    chars = list(text)
    position = rng.randrange(len(chars))
    match rng.randrange(6):
        case 0:
            chars[position] = rng.choice(ALPHABET)
        case 1 if position + 1 < len(chars):
            chars[position], chars[position + 1] = chars[position + 1], chars[position]
        case 2:
            del chars[position]
        case 3:
            chars.insert(position, rng.choice(ALPHABET + " \t-"))
        case 4:
            return text.lower() if rng.random() < 0.5 else f"  {text}\r\n"
        case _:
            return text + text
    return "".join(chars)


def frame_chunks(rng: random.Random, frames: list[bytes]) -> list[bytes]:
    """What a serial line delivers in one burst, cut into the pieces reads return."""
    stream = bytearray()
    for _ in range(rng.randint(1, 6)):
        roll = rng.random()
        if roll < 0.5:
            stream += rng.choice(frames)
        elif roll < 0.75:
            frame = bytearray(rng.choice(frames))
            if frame:
                frame[rng.randrange(len(frame))] = rng.randrange(256)
            stream += frame
        elif roll < 0.9:
            stream += b"".join(rng.choice(FRAME_BYTES) for _ in range(rng.randint(1, 8)))
        else:
            stream += rng.randbytes(rng.randint(1, 400))
    chunks, start = [], 0
    while start < len(stream):
        end = start + rng.randint(1, 64)
        chunks.append(bytes(stream[start:end]))
        start = end
    return chunks


class CommandInputs:
    """Command JSON: known command names with arguments of the right names, mostly of the right
    types, drawing identifiers from the election so that commands get past "not found"."""

    def __init__(self, rng: random.Random, identifiers: list[str]) -> None:
        self._rng = rng
        self._identifiers = identifiers
        self._names = sorted(COMMANDS)
        self._hints = {name: _argument_hints(COMMANDS[name]) for name in self._names}

    def next(self) -> Any:
        rng = self._rng
        roll = rng.random()
        if roll < 0.05:
            return self._json_value(depth=0)
        name = rng.choice(self._names) if roll > 0.1 else rng.choice([*JUNK_TEXT, "box.check_in ", "BOX.CHECK_IN"])
        hints = self._hints.get(name, {})
        args: dict[str, Any] = {}
        for argument, hint in hints.items():
            if rng.random() < 0.97:  # now and then an argument is missing
                args[argument] = self._value_for(hint)
        if rng.random() < 0.05:
            args[rng.choice(JUNK_TEXT)] = self._json_value(depth=1)
        command: dict[str, Any] = {"cmd": name, "args": args}
        if rng.random() < 0.03:
            command["extra"] = 1
        if rng.random() < 0.03:
            command["args"] = self._json_value(depth=1)
        return command

    def _value_for(self, hint: Any) -> Any:
        rng = self._rng
        if rng.random() < 0.1:
            return self._json_value(depth=1)
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            options = [option for option in typing.get_args(hint) if option is not type(None)]
            return None if rng.random() < 0.2 else self._value_for(rng.choice(options))
        if origin is tuple:
            inner = typing.get_args(hint)[0]
            return [self._value_for(inner) for _ in range(rng.randint(0, 4))]
        if origin is dict:
            return {rng.choice(self._identifiers): self._json_value(depth=2) for _ in range(rng.randint(0, 3))}
        if isinstance(hint, type) and issubclass(hint, Enum):
            return rng.choice([member.value for member in hint]) if rng.random() < 0.9 else rng.choice(JUNK_TEXT)
        if hint is bool:
            return rng.random() < 0.5
        if hint is int:
            return rng.choice((0, 1, 2, 5, 60, 100, 1234, -1, 10**6, 10**7, 2**63, -(2**63), rng.randint(0, 5000)))
        if hint is str:
            return rng.choice(self._identifiers) if rng.random() < 0.7 else rng.choice(JUNK_TEXT)
        return self._json_value(depth=1)

    def _json_value(self, depth: int) -> Any:
        rng = self._rng
        kind = rng.randrange(8 if depth < 3 else 6)
        match kind:
            case 0:
                return None
            case 1:
                return rng.random() < 0.5
            case 2:
                return rng.choice((0, -1, 2**70, rng.randint(-1000, 1000)))
            case 3:
                return rng.choice((0.5, -0.0, 1e308, float("inf"), float("nan")))
            case 4 | 5:
                return rng.choice(JUNK_TEXT + tuple(self._identifiers[:20]))
            case 6:
                return [self._json_value(depth + 1) for _ in range(rng.randint(0, 3))]
            case _:
                return {rng.choice(JUNK_TEXT): self._json_value(depth + 1) for _ in range(rng.randint(0, 3))}


def _argument_hints(command: type[Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(command)
    return {argument.name: hints[argument.name] for argument in dataclasses.fields(command)}


def mutate_file(rng: random.Random, data: bytes) -> bytes | None:
    """One to three slips in an election definition file; None means the file goes missing."""
    if rng.random() < 0.02:
        return None
    for _ in range(rng.randint(1, 3)):
        data = _file_slip(rng, data)
    return data


def _file_slip(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    match rng.randrange(8):
        case 0 if data:
            position = rng.randrange(len(data))
            return data[:position] + rng.choice(JUNK_BYTES) + data[position + 1:]
        case 1 if len(lines) > 1:
            del lines[rng.randrange(len(lines))]
        case 2:
            line = rng.randrange(len(lines))
            lines.insert(line, lines[line])
        case 3 if len(lines) > 2:
            first, second = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[first], lines[second] = lines[second], lines[first]
        case 4:
            return data[: rng.randrange(len(data) + 1)]
        case 5:
            position = rng.randrange(len(data) + 1)
            return data[:position] + rng.choice(JUNK_BYTES) + data[position:]
        case _:
            return _cell_slip(rng, data)
    return b"\n".join(lines)


def _cell_slip(rng: random.Random, data: bytes) -> bytes:
    """Replace one value: a cell of a CSV file, or the right-hand side of a TOML line."""
    text = data.decode("utf-8", errors="replace")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:  # an earlier slip already broke the quoting: break something else instead
        return _file_slip(rng, data) if data else data
    if len(rows) > 1 and all(len(row) > 1 for row in rows[:2]):
        row = rows[rng.randrange(len(rows))]
        if row:
            row[rng.randrange(len(row))] = rng.choice(JUNK_TEXT)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue().encode("utf-8")
    lines = text.split("\n")
    assignments = [number for number, line in enumerate(lines) if "=" in line]
    if assignments:
        number = rng.choice(assignments)
        key = lines[number].split("=", 1)[0]
        lines[number] = f"{key}= {rng.choice(JUNK_TEXT)}"
    return "\n".join(lines).encode("utf-8", errors="surrogateescape")
