"""Node tools for the tests (tests/node): installed once per lock file, and a real OpenID
provider (oidc-provider) on a free loopback port for the company sign-in tests.

`python -m tests.node_tools` installs them up front (what `make test` does when node exists).
"""

from __future__ import annotations

import fcntl
import hashlib
import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

NODE_DIR = Path(__file__).resolve().parent / "node"
STAMP = NODE_DIR / "node_modules" / ".installed-from-lock"
NODE_MISSING = "Company sign-in tests NOT run: node or npm is missing (apt-get install nodejs npm)."
CLIENT_ID = "leave-portal"
CLIENT_SECRET = "test-client-secret-not-a-secret"
CALLBACK_PATH = "/login/oidc/callback"


def node_missing() -> bool:
    return shutil.which("node") is None or shutil.which("npm") is None


def require_node() -> None:
    """Skip the calling test module, in one line, when node is missing."""
    if node_missing():
        pytest.skip(NODE_MISSING, allow_module_level=True)


def _lock_digest() -> str:
    return hashlib.sha256(
        (NODE_DIR / "package.json").read_bytes() + (NODE_DIR / "package-lock.json").read_bytes()
    ).hexdigest()


def install() -> None:
    """`npm ci` unless node_modules was installed from this very lock file (a stamp says so):
    the second run costs nothing. A lock outside the tree keeps two test runs from racing."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is missing (apt-get install npm)")
    lock_path = Path(tempfile.gettempdir()) / (
        "portal-node-" + hashlib.sha256(str(NODE_DIR).encode()).hexdigest()[:12] + ".lock"
    )
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        digest = _lock_digest()
        if STAMP.exists() and STAMP.read_text() == digest:
            return
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=NODE_DIR, check=True, timeout=600,
        )
        STAMP.write_text(digest)


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    def settings(self, portal_base_url: str, **more) -> dict:
        """The portal's settings for signing in through this provider."""
        return {
            "OIDC_ISSUER": self.issuer, "OIDC_CLIENT_ID": self.client_id,
            "OIDC_CLIENT_SECRET": self.client_secret, "PORTAL_BASE_URL": portal_base_url, **more,
        }


def _start_provider(tmp_path_factory, *options: str):
    if node_missing():
        pytest.skip(NODE_MISSING)
    install()
    node = shutil.which("node")
    log = tmp_path_factory.mktemp("oidc-provider") / "provider.log"
    with open(log, "w") as errors:
        process = subprocess.Popen(
            [node, "oidc_provider.mjs", "--client-id", CLIENT_ID, "--client-secret",
             CLIENT_SECRET, *options],
            cwd=NODE_DIR, stdout=subprocess.PIPE, stderr=errors, text=True,
        )
    first_line = process.stdout.readline()
    if not first_line.startswith("issuer "):
        process.kill()
        process.wait()
        raise RuntimeError(f"The OpenID provider did not start: {log.read_text()[-2000:]}")
    return process, Provider(issuer=first_line.split()[1])


def _stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real oidc-provider for the whole test session: its accounts are in oidc_provider.mjs."""
    process, provider = _start_provider(tmp_path_factory)
    yield provider
    _stop(process)


@pytest.fixture(scope="session")
def oidc_provider_with_claims_in_userinfo(tmp_path_factory):
    """One that keeps the email for its userinfo endpoint, as OpenID Connect Core allows."""
    process, provider = _start_provider(tmp_path_factory, "--claims-in-userinfo-only")
    yield provider
    _stop(process)


def sign_in_at_provider(authorize_url: str, login: str) -> str:
    """Open the provider's sign-in page as a browser would, sign in as `login` (any password)
    and return the URL the provider sends the browser back to (the portal's callback)."""
    with requests.Session() as browser:
        page = browser.get(authorize_url, timeout=10)
        page.raise_for_status()
        action = re.search(r'<form[^>]*action="([^"]+)"', page.text)
        assert action, page.text[:2000]
        response = browser.post(
            urljoin(page.url, html.unescape(action.group(1))),
            data={"prompt": "login", "login": login, "password": "anything"},
            allow_redirects=False, timeout=10,
        )
        for _ in range(10):
            assert response.is_redirect, response.text[:2000]
            location = urljoin(response.url, response.headers["Location"])
            if CALLBACK_PATH in location:
                return location
            response = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError("The provider never sent the browser back to the portal")


if __name__ == "__main__":
    if node_missing():
        print(NODE_MISSING)
    else:
        install()
