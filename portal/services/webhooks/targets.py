"""Where a webhook URL points: the host name resolved, and the address rule applied as the
configuration says (private addresses only outside production, when allowed)."""

from __future__ import annotations

import socket

from portal.domain.webhook_addresses import (
    IPAddress,
    Target,
    check_addresses,
    literal_address,
    parse_endpoint_url,
)


def private_addresses_allowed(config) -> bool:
    """Development and tests may call loopback and private addresses; production never."""
    return bool(config["WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"]) and config["NAME"] != "production"


def https_required(config) -> bool:
    return bool(config["WEBHOOKS_REQUIRE_HTTPS"]) or config["NAME"] == "production"


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the name resolves to now (none when it does not resolve)."""
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in found:
        address = literal_address(str(sockaddr[0]).split("%")[0])
        if address is not None and address not in addresses:
            addresses.append(address)
    return addresses


def checked_target(url: str, config) -> tuple[Target, list[IPAddress]]:
    """The URL's target and the addresses to connect to, or AddressRefused. Called when HR
    registers an endpoint and again before each delivery (against DNS rebinding): the
    delivery then connects to these very addresses, never resolving the name a second time."""
    target = parse_endpoint_url(url, require_https=https_required(config))
    addresses = resolve(target.host, target.port)
    if not addresses or not private_addresses_allowed(config):
        check_addresses(target.host, addresses)
    return target, addresses
