"""Which serial ports this machine has, and which of them look like a barcode scanner.

A scanner in USB serial (CDC) mode appears as /dev/ttyACM<n>; its USB vendor ID tells us
the maker, which is enough to suggest a profile. A scanner in keyboard (HID) mode has no
port at all: it types, so it will not appear here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import serial
from serial.tools.list_ports import comports


@dataclass(frozen=True)
class ScannerVendor:
    name: str
    profile: str  # the shipped profile to try first for this maker's scanners


# USB vendor IDs of the makers whose scanners count centres use most.
KNOWN_SCANNER_VENDORS: dict[int, ScannerVendor] = {
    0x05E0: ScannerVendor("Zebra (Symbol)", "zebra-ds2208"),
    0x0C2E: ScannerVendor("Honeywell (Metrologic)", "honeywell-xenon"),
    0x0536: ScannerVendor("Honeywell (Hand Held Products)", "honeywell-xenon"),
    0x05F9: ScannerVendor("Datalogic (PSC)", "datalogic-quickscan"),
    0x080C: ScannerVendor("Datalogic", "datalogic-quickscan"),
    0x1EAB: ScannerVendor("Newland", "generic"),
}


@dataclass(frozen=True)
class SerialPortInfo:
    device: str
    description: str
    hwid: str
    vid: int | None = None
    pid: int | None = None
    manufacturer: str = ""
    product: str = ""

    @property
    def vid_pid(self) -> str:
        """"0c2e:0b01" style, as lsusb prints it; empty for ports that are not USB."""
        if self.vid is None or self.pid is None:
            return ""
        return f"{self.vid:04x}:{self.pid:04x}"

    @property
    def scanner_vendor(self) -> ScannerVendor | None:
        return scanner_vendor(self.vid)


def scanner_vendor(vid: int | None) -> ScannerVendor | None:
    """The scanner maker with this USB vendor ID, if it is one we know."""
    return None if vid is None else KNOWN_SCANNER_VENDORS.get(vid)


def list_serial_ports(lister: Callable[[], Iterable[Any]] = comports) -> list[SerialPortInfo]:
    """Every serial port pyserial can see, scanners first, then by device name."""
    ports = [
        SerialPortInfo(
            device=str(port.device),
            description=_text(port.description),
            hwid=_text(port.hwid),
            vid=port.vid,
            pid=port.pid,
            manufacturer=_text(getattr(port, "manufacturer", None)),
            product=_text(getattr(port, "product", None)),
        )
        for port in lister()
    ]
    return sorted(ports, key=lambda port: (port.scanner_vendor is None, port.device))


def _text(value: object) -> str:
    # pyserial reports "n/a" where the system does not know; an empty string reads better.
    return "" if value is None or value == "n/a" else str(value)


def port_problem(url: str) -> str | None:
    """Why `url` can never be a scanner's port, or None. A device that is merely absent is
    fine: a reader waits for it to be plugged in."""
    try:
        serial.serial_for_url(url, do_not_open=True)  # checks the URL's form without touching the device
    except (ValueError, serial.SerialException) as error:
        return f"--port {url} cannot be used: {error}"
    path = Path(url)
    if "://" not in url and path.exists() and not path.is_char_device():
        return f"--port {url} is not a serial device (give a device such as /dev/ttyACM0; see `pollday scanner list`)"
    return None
