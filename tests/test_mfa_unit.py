"""The TOTP check against RFC 6238's published test vector."""

from datetime import UTC, datetime

from fieldserver import mfa
from tests.helpers import totp

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # ASCII "12345678901234567890"


def test_oracle_matches_rfc6238_vector() -> None:
    assert totp(RFC_SECRET, 59, digits=8) == "94287082"
    assert totp(RFC_SECRET, 1111111109, digits=8) == "07081804"


def test_matching_step_accepts_current_and_adjacent_steps_only() -> None:
    at = datetime.fromtimestamp(1111111109, UTC)
    step = 1111111109 // 30
    assert mfa.matching_step(RFC_SECRET, "081804", at, None) == step
    assert mfa.matching_step(RFC_SECRET, "081 804", at, None) == step
    assert mfa.matching_step(RFC_SECRET, "081804", at, last_step=step) is None
    far = datetime.fromtimestamp(1111111109 + 120, UTC)
    assert mfa.matching_step(RFC_SECRET, "081804", far, None) is None
    assert mfa.matching_step(RFC_SECRET, "abcdef", at, None) is None


def test_new_secrets_are_160_bits() -> None:
    assert len(mfa.new_secret()) == 32
