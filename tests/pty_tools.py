"""A pseudo-terminal pair that plays a serial scanner in tests, with real framing and no hardware."""

from __future__ import annotations

import os
import tty


class Pty:
    """A pseudo-terminal pair in raw mode: `send` plays the scanner, `path` is its serial port."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self._open = {self.master, self.slave}

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.master, view):]

    def unplug(self) -> None:
        """Close the scanner's side: the reader's next read fails as on a pulled USB cable."""
        self._close(self.master)

    def close(self) -> None:
        for fd in list(self._open):
            self._close(fd)

    def _close(self, fd: int) -> None:
        if fd in self._open:
            self._open.discard(fd)
            os.close(fd)
