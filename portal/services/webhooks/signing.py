"""Webhook secrets and signatures (Standard Webhooks): `whsec_` secrets, kept encrypted at rest
with a key derived from SECRET_KEY, and the `v1,<base64 HMAC-SHA256>` signature."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SECRET_PREFIX = "whsec_"  # noqa: S105 (the format's prefix, not a secret)
SECRET_BYTES = 32
_KEY_PURPOSE = b"parental-leave-portal webhook secrets v1"


class UnreadableSecret(Exception):
    """A stored secret that this SECRET_KEY cannot decrypt (the key changed since)."""


def new_secret() -> str:
    """A fresh `whsec_<base64>` secret: 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_PURPOSE).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str, secret_key: str) -> str:
    return _fernet(secret_key).encrypt(secret.encode()).decode()


def unseal(sealed: str, secret_key: str) -> str:
    try:
        return _fernet(secret_key).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        raise UnreadableSecret(
            "The signing secret can no longer be read (SECRET_KEY has changed since it was "
            "made): make a new secret for this endpoint."
        ) from None


def signature(secret: str, event_id: str, timestamp: int, body: str) -> str:
    """`v1,<base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, the key being the
    secret's base64 part decoded."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    digest = hmac.new(key, f"{event_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_header(secrets_in_use: list[str], event_id: str, timestamp: int, body: str
                     ) -> str:
    """One signature per secret in use, space-separated: during a rotation both sign."""
    return " ".join(signature(secret, event_id, timestamp, body) for secret in secrets_in_use)
