"""`pollday scanner`: find serial scanners, list profiles, and watch what a scanner reads.

`listen` is the desk-side check before polling day: plug the scanner in, scan a label and
see exactly what pollday receives, as one JSON line per read, so a wrong suffix, a
keyboard-layout problem or a label from another election shows up before the count.
"""

from __future__ import annotations

import json
import queue
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pollday.cli.errors import CliFailure, friendly_errors
from pollday.devices.framing import Frame
from pollday.devices.ports import list_serial_ports
from pollday.devices.profiles import ProfileError, ScannerProfile, available_profiles, find_profile, load_profile
from pollday.devices.serial_reader import ScannerReader, ScannerState, ScannerStatus
from pollday.domain.payloads import ScanReading, ScanVerdict, read_scan
from pollday.services.election_service import ElectionService

EVENT_WAIT_S = 0.2  # how often the listening loop looks up, so Ctrl-C is handled promptly
Record = dict[str, Any]
Classifier = Callable[[str], Record]


@click.group("scanner")
def scanner_group() -> None:
    """Barcode scanners: find their ports, list profiles, listen to what they read."""


@scanner_group.command("list")
@friendly_errors
def list_command() -> None:
    """List serial ports, and say which look like a barcode scanner."""
    ports = list_serial_ports()
    if not ports:
        click.echo("No serial ports found. A scanner in keyboard (USB HID) mode has no port: it types into "
                   "the pollday screen. To read it here, switch it to USB serial (CDC) mode: see docs/scanners.md.")
        return
    for port in ports:
        identity = f"  usb {port.vid_pid}" if port.vid_pid else ""
        vendor = port.scanner_vendor
        verdict = (f"looks like a {vendor.name} scanner: try --profile {vendor.profile}" if vendor
                   else "not a scanner maker pollday knows (try --profile generic)")
        click.echo(f"{port.device}  {port.description or 'no description'}{identity}\n    {verdict}")


@scanner_group.command("profiles")
@friendly_errors
def profiles_command() -> None:
    """List the scanner profiles pollday can find, and any that have problems."""
    found = available_profiles()
    if not found:
        raise CliFailure("no scanner profiles found: there is no scanners/ folder here or in the installation")
    for name, path in found.items():
        try:
            profile = load_profile(path)
        except ProfileError as error:
            click.echo(f"{name}  (cannot be used)\n    {error}")
            continue
        where = f"  port {profile.port}" if profile.port else ""
        click.echo(f"{name}  [{profile.connection}]{where}\n    {profile.description}")


@scanner_group.command("listen")
@click.option("--profile", "profile_name", default="generic", show_default=True,
              help="Scanner profile name (see `pollday scanner profiles`).")
@click.option("--port", "port_url", default=None,
              help="Device or pyserial URL, e.g. /dev/ttyACM0 or socket://host:7000 (default: the profile's port).")
@click.option("--db", "db_path", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Check each read against this election database.")
@click.option("--count", type=click.IntRange(min=1), default=None, help="Stop after this many reads.")
@friendly_errors
def listen_command(profile_name: str, port_url: str | None, db_path: Path | None, count: int | None) -> None:
    """Print one JSON line per read until Ctrl-C (or --count reads): raw, kind, payload, valid, reason."""
    profile = _serial_profile(profile_name)
    url = port_url or profile.port
    if not url:
        raise CliFailure(f"profile '{profile.name}' names no port: give --port (see `pollday scanner list`)")
    classify = _election_classifier(db_path) if db_path else _structure_classifier
    events: queue.Queue[Frame | ScannerStatus] = queue.Queue()
    reader = ScannerReader(profile, url, on_frame=events.put, on_status=events.put)
    reads = 0
    reader.start()
    try:
        reads = _print_reads(reader, events, classify, count)
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a listening session normally ends
    finally:
        reader.stop()
    click.echo(f"scanner: stopped after {reads} read{'' if reads == 1 else 's'}", err=True)


def _print_reads(
    reader: ScannerReader, events: queue.Queue[Frame | ScannerStatus], classify: Classifier, count: int | None
) -> int:
    reads = 0
    connected_once = False
    while count is None or reads < count:
        try:
            event = events.get(timeout=EVENT_WAIT_S)
        except queue.Empty:
            if not reader.running:
                raise CliFailure(reader.status.detail) from None
            continue
        if isinstance(event, ScannerStatus):
            if event.state == ScannerState.CONNECTED:
                connected_once = True
            elif not connected_once:
                # The first attempt failed: say why and stop, rather than wait for a port that is wrong.
                raise CliFailure(event.detail)
            click.echo(f"scanner: {event.state}: {event.detail}", err=True)
            continue
        click.echo(json.dumps(_frame_record(event, classify), ensure_ascii=False))
        reads += 1
    return reads


def _serial_profile(name: str) -> ScannerProfile:
    try:
        profile = find_profile(name)
    except ProfileError as error:
        raise CliFailure(str(error)) from None
    if not profile.is_serial:
        raise CliFailure(f"profile '{profile.name}' is a keyboard-wedge scanner: it types into the pollday screen, "
                         "so there is no port to listen to. Use a serial profile, or switch the scanner to USB "
                         "serial (CDC) mode: see docs/scanners.md")
    return profile


# --- what a read means -------------------------------------------------------------------


def _frame_record(frame: Frame, classify: Classifier) -> Record:
    raw = frame.raw.decode("utf-8", errors="backslashreplace")
    if frame.error is not None:
        return {"raw": raw, "text": frame.text, "kind": None, "payload": None, "verdict": "frame_error",
                "valid": False, "reason": frame.error}
    return {"raw": raw, "text": frame.text, **classify(frame.text)}


def _election_classifier(db_path: Path) -> Classifier:
    service = ElectionService.open(db_path)
    try:
        election = service.election()
    finally:
        service.close()  # the listener only needs the election's identity, not an open database
    election_id, mode = str(election["election_id"]), str(election["mode"])

    def classify(text: str) -> Record:
        reading = read_scan(text, election_id, mode)
        return _reading_record(reading, reading.verdict.value, reading.valid, reading.reason)

    return classify


def _structure_classifier(text: str) -> Record:
    # Without an election, only the shape and the check character can be judged. read_scan
    # checks those before the election tag, so any verdict past them means "well formed".
    reading = read_scan(text, election_id="", mode="")
    if reading.verdict in (ScanVerdict.NOT_A_PAYLOAD, ScanVerdict.BAD_CHECK):
        return _reading_record(reading, reading.verdict.value, False, reading.reason)
    return _reading_record(reading, "valid_check", True,
                           "well formed with a correct check character; give --db to check its election")


def _reading_record(reading: ScanReading, verdict: str, valid: bool, reason: str) -> Record:
    payload = reading.payload
    return {
        "kind": payload.kind.name.lower() if payload else None,
        "payload": {"kind": payload.kind.value, "tag": payload.tag, "body": payload.body} if payload else None,
        "verdict": verdict,
        "valid": valid,
        "reason": reason,
    }
