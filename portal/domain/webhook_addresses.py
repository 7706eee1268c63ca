"""Which webhook endpoint addresses the portal may call: the rule against server-side request
forgery (a URL that makes the portal reach into its own network), on plain values only.

The service resolves the host name and hands the addresses here, when HR registers an endpoint
and again before every delivery (the name may point elsewhere by then: DNS rebinding). Only
addresses on the public internet pass; IPv4 written inside IPv6 (mapped, 6to4, Teredo, NAT64)
is judged by the IPv4 address it carries.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from portal.domain.errors import DomainError

MAX_URL_LENGTH = 2000
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(DomainError):
    """An endpoint URL the portal will not call, and why, in words for HR: `words` is the
    English sentence with %(name)s placeholders (the msgid the service translates), `values`
    fill them, and `message` is the English sentence filled in."""

    def __init__(self, words: str, **values: object) -> None:
        self.words = words
        self.values = values
        self.message = words % values if values else words
        super().__init__(self.message)


@dataclass(frozen=True)
class Target:
    """Where a URL points: scheme, host name (or address) and port."""

    scheme: str
    host: str
    port: int


def parse_endpoint_url(url: str, *, require_https: bool) -> Target:
    """The URL's scheme, host and port, or AddressRefused saying what is wrong with it."""
    text = url.strip()
    if not text:
        raise AddressRefused("Please give the address the portal should send events to.")
    if len(text) > MAX_URL_LENGTH:
        raise AddressRefused("An address has at most %(count)d characters.", count=MAX_URL_LENGTH)
    if any(ord(character) < 33 or ord(character) == 127 for character in text):
        raise AddressRefused("An address cannot contain spaces or control characters.")
    try:
        parts = urlsplit(text)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise AddressRefused("This is not a web address the portal can read.") from None
    if parts.scheme not in ("http", "https"):
        raise AddressRefused("The address must start with https:// (or http:// for testing).")
    if require_https and parts.scheme != "https":
        raise AddressRefused("The address must start with https://: events are sent encrypted.")
    if not host:
        raise AddressRefused("The address needs a host name, such as hooks.example.com.")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused(
            "Please leave the user name and password out of the address: each delivery is "
            "signed, and the receiver checks the signature instead."
        )
    if parts.fragment:
        raise AddressRefused("Please leave out the part after “#”: it is never sent.")
    return Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80))


def literal_address(host: str) -> IPAddress | None:
    """The address itself when the host is written as one, else None."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _carried_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """An address on the public internet: not loopback, link-local (cloud metadata at
    169.254.169.254), private, shared (carrier NAT), reserved, multicast or unspecified."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return False
        carried = _carried_ipv4(address)
        if carried is not None:
            return is_public(carried)
    return address.is_global and not (
        address.is_private or address.is_loopback or address.is_link_local
        or address.is_multicast or address.is_reserved or address.is_unspecified
    )


def refused_address(addresses: list[IPAddress]) -> IPAddress | None:
    """The first address that is not public, or None when every one is. A name that points at
    any address inside the network is refused, not only when it points there alone."""
    for address in addresses:
        if not is_public(address):
            return address
    return None


def check_addresses(host: str, addresses: list[IPAddress]) -> None:
    """AddressRefused unless the host resolved, and only to public addresses."""
    if not addresses:
        raise AddressRefused("The name %(host)s could not be found.", host=host)
    bad = refused_address(addresses)
    if bad is not None:
        if str(bad) == host:
            raise AddressRefused(
                "The portal does not send events to %(host)s: it is not an address on the "
                "public internet, and calls into the company's own network are refused.",
                host=host,
            )
        raise AddressRefused(
            "The portal does not send events to %(host)s (which points at %(address)s): it is "
            "not an address on the public internet, and calls into the company's own network "
            "are refused.",
            host=host, address=str(bad),
        )
