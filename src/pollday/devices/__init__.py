"""Devices: barcode scanners on serial ports, keyboard-wedge scanner profiles, and images.

The only package that may import device libraries (`serial`, `pyzbar`). Scanner framing
and profiles are pure Python, so the TUI, the CLI and the tests can use them without a port.
"""
