"""Listing serial ports and recognising scanner makers by USB vendor ID."""

from __future__ import annotations

from types import SimpleNamespace

from pollday.devices.ports import KNOWN_SCANNER_VENDORS, list_serial_ports, scanner_vendor
from pollday.devices.profiles import available_profiles


def port(device: str, description: str, vid: int | None = None, pid: int | None = None) -> SimpleNamespace:
    hwid = f"USB VID:PID={vid:04X}:{pid:04X}" if vid is not None and pid is not None else "n/a"
    return SimpleNamespace(device=device, description=description, hwid=hwid, vid=vid, pid=pid,
                           manufacturer="n/a" if vid is None else "Honeywell", product=None)


def test_scanners_are_recognised_and_listed_first() -> None:
    found = list_serial_ports(lambda: [
        port("/dev/ttyS0", "ttyS0"),
        port("/dev/ttyUSB0", "CP2102 USB to UART", 0x10C4, 0xEA60),
        port("/dev/ttyACM0", "Xenon 1900", 0x0C2E, 0x0B01),
    ])
    assert [entry.device for entry in found] == ["/dev/ttyACM0", "/dev/ttyS0", "/dev/ttyUSB0"]
    xenon, serial_console, adapter = found
    assert xenon.vid_pid == "0c2e:0b01"
    assert xenon.scanner_vendor is not None and xenon.scanner_vendor.profile == "honeywell-xenon"
    assert (serial_console.vid_pid, serial_console.hwid, serial_console.manufacturer) == ("", "", "")
    assert adapter.scanner_vendor is None


def test_known_vendors_point_at_shipped_profiles() -> None:
    shipped = set(available_profiles())
    assert {vendor.profile for vendor in KNOWN_SCANNER_VENDORS.values()} <= shipped
    assert scanner_vendor(0x05E0) is not None and scanner_vendor(0x05E0).name.startswith("Zebra")
    assert scanner_vendor(None) is None


def test_this_machine_can_be_listed() -> None:
    assert all(entry.device for entry in list_serial_ports())
