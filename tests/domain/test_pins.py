from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pollday.domain.pins import (
    FREE_ATTEMPTS,
    LONGEST_LOCKOUT,
    hash_pin,
    locked_until,
    lockout_after,
    pin_format_problem,
    verify_pin,
)


def test_real_cost_hash_verifies_only_the_right_pin() -> None:
    stored = hash_pin("4821", salt=b"0123456789abcdef")
    assert stored.startswith("scrypt$16384$8$1$")
    assert verify_pin("4821", stored)
    assert not verify_pin("4822", stored)


def test_same_pin_different_salt_gives_different_hashes() -> None:
    assert hash_pin("1234", b"a" * 16, n=16) != hash_pin("1234", b"b" * 16, n=16)


def test_corrupt_stored_hash_never_verifies() -> None:
    assert not verify_pin("1234", "")
    assert not verify_pin("1234", "plain$1234")
    assert not verify_pin("1234", "scrypt$x$8$1$AAAA$AAAA")


def test_pin_format() -> None:
    assert pin_format_problem("12a4") == "a PIN is digits only"
    assert pin_format_problem("123") == "a PIN has 4 to 12 digits"
    assert pin_format_problem("123456") is None


def test_lockout_starts_after_free_attempts_and_doubles() -> None:
    assert [lockout_after(n) for n in range(FREE_ATTEMPTS + 1)] == [timedelta(0)] * (FREE_ATTEMPTS + 1)
    assert lockout_after(FREE_ATTEMPTS + 1) == timedelta(seconds=30)
    assert lockout_after(FREE_ATTEMPTS + 2) == timedelta(seconds=60)
    assert lockout_after(100) == LONGEST_LOCKOUT


@given(st.integers(min_value=0, max_value=60))
def test_lockout_never_shrinks_with_more_failures(failures: int) -> None:
    assert lockout_after(failures + 1) >= lockout_after(failures)


def test_locked_until_is_none_while_attempts_are_free() -> None:
    now = datetime(2026, 5, 7, 22, 0, tzinfo=UTC)
    assert locked_until(FREE_ATTEMPTS, now) is None
    assert locked_until(FREE_ATTEMPTS + 1, now) == now + timedelta(seconds=30)
