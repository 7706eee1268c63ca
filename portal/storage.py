"""The document store behind one small interface: save a stream under a key, open it, delete it,
ask whether it exists. A directory under instance/ by default; any S3-compatible store when
DOCUMENT_S3_BUCKET is set (boto3, credentials from the usual AWS environment).

Keys are random (new_key); a document's own name is kept only as text in the database.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO, Protocol

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError
from flask import current_app

KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


class StorageUnavailable(RuntimeError):
    """The store could not be reached or refused the operation; nothing was changed."""


class UnknownKey(KeyError):
    """Nothing is stored under this key."""


class DocumentStore(Protocol):
    def save(self, key: str, stream: BinaryIO) -> None: ...

    def open(self, key: str) -> BinaryIO: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...


def new_key() -> str:
    """A random name for a stored file: 43 characters, nothing of the document in it."""
    return secrets.token_urlsafe(32)


def _checked(key: str) -> str:
    if not KEY.fullmatch(key):
        raise ValueError("not a document key")
    return key


class DirectoryStore:
    """Files in one directory, named by their keys; a file appears whole or not at all."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def save(self, key: str, stream: BinaryIO) -> None:
        path, partial = self._path(key), None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".saving-", delete=False) as out:
                partial = Path(out.name)
                while chunk := stream.read(1024 * 1024):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, path)
        except OSError as error:
            if partial is not None:
                partial.unlink(missing_ok=True)
            raise StorageUnavailable(f"could not write to {self.root}: {error}") from error

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise UnknownKey(key) from None
        except OSError as error:
            raise StorageUnavailable(f"could not read from {self.root}: {error}") from error

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as error:
            raise StorageUnavailable(f"could not remove a file in {self.root}: {error}") \
                from error

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


class S3Store:
    """Objects in one bucket of an S3-compatible store, named by their keys."""

    def __init__(self, bucket: str, *, endpoint_url: str | None = None,
                 region: str | None = None, prefix: str = "") -> None:
        self.bucket = bucket
        self.prefix = prefix
        try:
            self.client = boto3.client(
                "s3", endpoint_url=endpoint_url or None, region_name=region or None,
                config=BotoConfig(connect_timeout=5, read_timeout=30,
                                  retries={"max_attempts": 3, "mode": "standard"}),
            )
        except (BotoCoreError, ValueError) as error:  # a malformed endpoint or region
            raise StorageUnavailable(f"cannot use bucket {bucket}: {error}") from error

    def _name(self, key: str) -> str:
        return f"{self.prefix}{_checked(key)}"

    def save(self, key: str, stream: BinaryIO) -> None:
        try:
            self.client.upload_fileobj(stream, self.bucket, self._name(key))
        except (BotoCoreError, ClientError) as error:
            raise StorageUnavailable(f"could not write to bucket {self.bucket}: {error}") from error

    def open(self, key: str) -> BinaryIO:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise UnknownKey(key) from None
            raise StorageUnavailable(f"could not read bucket {self.bucket}: {error}") from error
        except BotoCoreError as error:
            raise StorageUnavailable(f"could not read bucket {self.bucket}: {error}") from error

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))
        except (BotoCoreError, ClientError) as error:
            raise StorageUnavailable(f"could not remove an object in bucket {self.bucket}: "
                                     f"{error}") from error

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise StorageUnavailable(f"could not read bucket {self.bucket}: {error}") from error
        except BotoCoreError as error:
            raise StorageUnavailable(f"could not read bucket {self.bucket}: {error}") from error
        return True


def store_for(config: Mapping) -> DocumentStore:
    """The store these settings name: S3 when DOCUMENT_S3_BUCKET is set, else the directory."""
    bucket = config.get("DOCUMENT_S3_BUCKET")
    if bucket:
        return S3Store(bucket, endpoint_url=config.get("DOCUMENT_S3_ENDPOINT_URL"),
                       region=config.get("DOCUMENT_S3_REGION"),
                       prefix=config.get("DOCUMENT_S3_PREFIX", ""))
    return DirectoryStore(config["DOCUMENT_DIRECTORY"])


SETTINGS = ("DOCUMENT_S3_BUCKET", "DOCUMENT_S3_ENDPOINT_URL", "DOCUMENT_S3_REGION",
            "DOCUMENT_S3_PREFIX", "DOCUMENT_DIRECTORY")


def document_store() -> DocumentStore:
    """The application's store, made once for its settings (an S3 client is slow to make)."""
    settings = tuple(str(current_app.config.get(name) or "") for name in SETTINGS)
    cached = current_app.extensions.get("document_store")
    if cached is None or cached[0] != settings:
        cached = (settings, store_for(current_app.config))
        current_app.extensions["document_store"] = cached
    return cached[1]
