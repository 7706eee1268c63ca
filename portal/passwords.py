"""Passwords: hashing with argon2id (OWASP's first choice, through argon2-cffi), and the rules a
new password must meet (long enough, and not easy to guess by zxcvbn's measure)."""

import re
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 1024
# zxcvbn's time grows quickly with length; the first 100 characters say enough about strength.
_STRENGTH_CHECKED_LENGTH = 100
# zxcvbn's scores run 0 to 4; 3 is "safely unguessable" (about 10^8 guesses or more).
_GOOD_ENOUGH_SCORE = 3
# zxcvbn keeps the user inputs of the current check in a module-level dictionary, so two checks
# at once in one process would see each other's names.
_zxcvbn_lock = threading.Lock()

# argon2-cffi's defaults are RFC 9106's low-memory profile: argon2id, t=3, m=64 MiB, p=4.
# The application sets its own cost from configuration (cheap in tests) with `configure`.
_hasher = PasswordHasher()
# Verified against when the email is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def configure(time_cost: int, memory_kib: int, parallelism: int) -> None:
    """Hash new passwords at this cost; hashes made at another cost still verify, and are
    rehashed at the next sign-in."""
    global _hasher, _DUMMY_HASH
    if (_hasher.time_cost, _hasher.memory_cost, _hasher.parallelism) == (
        time_cost, memory_kib, parallelism
    ):
        return
    _hasher = PasswordHasher(
        time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
    )
    _DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def _guessable_words(user_inputs: list[str]) -> list[str]:
    """Each input, its words, and its words run together: "Ada Byron" also gives "ada",
    "byron" and "adabyron", so a password built from the person's name is caught."""
    words: list[str] = []
    for value in user_inputs:
        parts = [part for part in re.split(r"[^0-9a-z]+", value.lower()) if part]
        words += [value.lower(), *parts, "".join(parts)]
    return [word for word in dict.fromkeys(words) if word]


def password_problem(password: str, user_inputs: list[str]) -> str | None:
    """Why this password cannot be used, in plain words, or None when it is fine.

    `user_inputs` are things about the person (name, email) that a guesser would try first.
    """
    if len(password) < MIN_LENGTH:
        return (
            f"Please choose a password of at least {MIN_LENGTH} characters. "
            "A few unrelated words make one that is long and easy to remember."
        )
    if len(password) > MAX_LENGTH:
        return f"Please choose a password of at most {MAX_LENGTH} characters."
    with _zxcvbn_lock:
        result = zxcvbn(
            password[:_STRENGTH_CHECKED_LENGTH],
            user_inputs=_guessable_words(user_inputs),
            max_length=_STRENGTH_CHECKED_LENGTH,
        )
    if result["score"] >= _GOOD_ENOUGH_SCORE:
        return None
    feedback = result["feedback"]
    advice = " ".join(
        sentence for sentence in [feedback["warning"], *feedback["suggestions"]] if sentence
    )
    return "This password would be easy to guess. " + (
        advice or "Adding another word or two, uncommon ones if you can, makes it stronger."
    )
