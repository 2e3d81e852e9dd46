"""QR codes for payloads as module matrices, drawn as vector squares (sharp at any print size)."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from pollday.documents.errors import LabelError

MAX_VERSION = 3  # 29 x 29 modules: big modules on a small label, read well even off thermal prints
ERROR_CORRECTION = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}

Matrix = tuple[tuple[bool, ...], ...]


def qr_matrix(payload: str, error_correction: str = "Q", max_version: int = MAX_VERSION) -> Matrix:
    """The dark (True) and light modules of the smallest QR code holding `payload`, without quiet zone."""
    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECTION[error_correction], border=0)
    code.add_data(payload)
    code.make(fit=True)
    if code.version > max_version:
        raise LabelError(
            f"'{payload}' needs a version {code.version} QR code at error correction {error_correction}; "
            f"labels use version {max_version} at most: shorten the payload body"
        )
    return tuple(tuple(bool(module) for module in row) for row in code.get_matrix())
