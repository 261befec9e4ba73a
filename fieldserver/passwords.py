"""Password hashing (Argon2id) and the agency password policy."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256


@dataclass(frozen=True)
class Argon2Params:
    memory_kib: int = 64 * 1024
    time_cost: int = 3
    parallelism: int = 4

    def describe(self) -> str:
        return f"Argon2id m={self.memory_kib // 1024} MiB, t={self.time_cost}, p={self.parallelism}"


PRODUCTION = Argon2Params()


class Hasher:
    """Hashes and verifies with one parameter set; older hashes are upgraded on login."""

    def __init__(self, params: Argon2Params = PRODUCTION) -> None:
        self.params = params
        self._ph = PasswordHasher(
            time_cost=params.time_cost,
            memory_cost=params.memory_kib,
            parallelism=params.parallelism,
        )
        # Verified when the email is unknown, so both paths cost the same.
        self._dummy = self._ph.hash("not a real password, only for timing")

    def hash(self, password: str) -> str:
        return self._ph.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        try:
            self._ph.verify(stored or self._dummy, password)
        except (VerificationError, InvalidHashError):
            return False
        return stored is not None

    def needs_rehash(self, stored: str) -> bool:
        return self._ph.check_needs_rehash(stored)


@cache
def _common_passwords() -> frozenset[str]:
    text = files("fieldserver").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def policy_problem(password: str, email: str) -> str | None:
    """Why the password is refused, in words for the person choosing it; None if fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    folded = password.casefold()
    if folded in _common_passwords():
        return "This password is on a list of commonly used passwords. Choose another."
    email = email.casefold()
    if folded in (email, email.partition("@")[0]):
        return "The password must not be your email address."
    return None
