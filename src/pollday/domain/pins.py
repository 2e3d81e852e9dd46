"""PINs: slow salted hashes and the lock-out schedule.

Pure: the caller supplies the salt (from the OS in production, from a seeded source in
the demo) and the current time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 12
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16

# Wrong PINs allowed before the first lock-out, then each further failure doubles it.
FREE_ATTEMPTS = 3
FIRST_LOCKOUT = timedelta(seconds=30)
LONGEST_LOCKOUT = timedelta(minutes=30)


def pin_format_problem(pin: str) -> str | None:
    """Why a proposed PIN is unusable, or None when it is fine."""
    if not pin.isdigit():
        return "a PIN is digits only"
    if not PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH:
        return f"a PIN has {PIN_MIN_LENGTH} to {PIN_MAX_LENGTH} digits"
    return None


def hash_pin(pin: str, salt: bytes, n: int = SCRYPT_N) -> str:
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return "$".join([
        "scrypt",
        str(n),
        str(SCRYPT_R),
        str(SCRYPT_P),
        base64.b64encode(salt).decode(),
        base64.b64encode(digest).decode(),
    ])


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        actual = hashlib.scrypt(pin.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def lockout_after(failures: int) -> timedelta:
    """How long an account stays locked after this many consecutive wrong PINs."""
    if failures <= FREE_ATTEMPTS:
        return timedelta(0)
    doublings = failures - FREE_ATTEMPTS - 1
    # Past the cap the exact power of two no longer matters, and would overflow timedelta.
    if FIRST_LOCKOUT * 2 ** min(doublings, 32) >= LONGEST_LOCKOUT:
        return LONGEST_LOCKOUT
    return FIRST_LOCKOUT * 2**doublings


def locked_until(failures: int, last_failure_at: datetime) -> datetime | None:
    delay = lockout_after(failures)
    return last_failure_at + delay if delay else None
