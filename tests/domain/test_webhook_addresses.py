"""The rule against server-side request forgery, and the webhook events' vocabulary: pure
functions on plain values."""

import ipaddress

import pytest

from portal.domain.webhook_addresses import (
    AddressRefused,
    check_addresses,
    is_public,
    parse_endpoint_url,
    refused_address,
)
from portal.domain.webhook_events import EVENTS, chosen_events, event_for_move
from portal.domain.workflow import Action, Status

INSIDE = (
    "127.0.0.1", "127.8.9.10", "0.0.0.0", "10.0.0.1",  # noqa: S104 (refused, not bound) "172.16.5.4", "192.168.1.1",
    "169.254.169.254", "100.64.0.1", "192.0.2.1", "198.18.0.1", "224.0.0.1", "240.0.0.1",
    "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "2002:7f00:1::1",
    "64:ff9b::a9fe:a9fe", "2001:db8::1",
)
OUTSIDE = ("93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111",
           "::ffff:93.184.216.34", "2002:5db8:d822::1")


@pytest.mark.parametrize("text", INSIDE)
def test_addresses_inside_a_network_are_not_public(text):
    assert not is_public(ipaddress.ip_address(text))


@pytest.mark.parametrize("text", OUTSIDE)
def test_addresses_on_the_internet_are_public(text):
    assert is_public(ipaddress.ip_address(text))


def test_a_name_pointing_at_any_inside_address_is_refused_even_beside_a_public_one():
    addresses = [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.1.2.3")]
    assert refused_address(addresses) == ipaddress.ip_address("10.1.2.3")
    with pytest.raises(AddressRefused, match=r"example\.com \(which points at 10\.1\.2\.3\)"):
        check_addresses("hooks.example.com", addresses)


def test_a_name_that_does_not_resolve_is_refused_in_words():
    with pytest.raises(AddressRefused, match="could not be found"):
        check_addresses("nowhere.invalid", [])


def test_an_address_written_as_itself_is_named_once_in_the_refusal():
    with pytest.raises(AddressRefused) as refused:
        check_addresses("127.0.0.1", [ipaddress.ip_address("127.0.0.1")])
    assert "127.0.0.1 (which" not in refused.value.message
    assert "public internet" in refused.value.message


@pytest.mark.parametrize(("url", "host", "port"), [
    ("https://hooks.example.com/leave", "hooks.example.com", 443),
    ("http://hooks.example.com:8080/x?y=1", "hooks.example.com", 8080),
    ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1", 80),
    ("  https://HOOKS.example.com  ", "hooks.example.com", 443),
])
def test_an_endpoint_url_gives_its_host_and_port(url, host, port):
    target = parse_endpoint_url(url, require_https=False)
    assert (target.host, target.port) == (host, port)


@pytest.mark.parametrize(("url", "words"), [
    ("", "Please give the address"),
    ("hooks.example.com/leave", "must start with https://"),
    ("ftp://hooks.example.com/", "must start with https://"),
    ("file:///etc/passwd", "must start with https://"),
    ("https://", "needs a host name"),
    ("https://user:secret@hooks.example.com/", "leave the user name and password out"),
    ("https://hooks.example.com/#part", "after “#”"),
    ("https://hooks.example.com:99999/", "not a web address"),
    ("https://[::1/", "not a web address"),
    ("https://hooks.example.com/a b", "spaces or control characters"),
    ("https://hooks.example.com/\x00", "spaces or control characters"),
    ("https://x.example/" + "a" * 2000, "at most 2000 characters"),
])
def test_an_unusable_endpoint_url_is_refused_saying_why(url, words):
    with pytest.raises(AddressRefused, match=words):
        parse_endpoint_url(url, require_https=False)


def test_plain_http_is_refused_where_https_is_required():
    with pytest.raises(AddressRefused, match="https://"):
        parse_endpoint_url("http://hooks.example.com/", require_https=True)
    assert parse_endpoint_url("https://hooks.example.com/", require_https=True).scheme == "https"


@pytest.mark.parametrize(("action", "before", "dates_changed", "event"), [
    (Action.SUBMIT, Status.DRAFT, True, "leave.submitted"),
    (Action.APPROVE, Status.SUBMITTED, False, "leave.approved"),
    (Action.APPROVE_ON_SUBMISSION, Status.DRAFT, True, "leave.approved"),
    (Action.APPROVE_CHANGE, "change_pending", True, "leave.changed"),
    (Action.APPLY_CHANGE, Status.APPROVED, True, "leave.changed"),
    (Action.GRANT_EXTRA_DAYS, Status.APPROVED, True, "leave.changed"),
    (Action.APPLY_CHANGE, Status.APPROVED, False, None),
    (Action.CANCEL, Status.APPROVED, False, "leave.cancelled"),
    (Action.WITHDRAW, Status.SUBMITTED, False, "leave.withdrawn"),
    (Action.WITHDRAW, Status.DRAFT, False, None),
    (Action.REJECT, Status.SUBMITTED, False, "leave.rejected"),
    (Action.SAVE_DRAFT, Status.DRAFT, True, None),
    (Action.PROPOSE_CHANGE, Status.APPROVED, True, None),
    (Action.REQUEST_INFORMATION, Status.SUBMITTED, False, None),
])
def test_each_workflow_move_sends_the_event_it_means(action, before, dates_changed, event):
    assert event_for_move(action, before, dates_changed=dates_changed) == event


def test_every_event_is_described_in_words_without_its_code():
    for name, words in EVENTS.items():
        assert "." not in words and "_" not in words and name not in words


def test_only_known_events_are_kept_each_once_in_a_fixed_order():
    assert chosen_events(["person.deactivated", "leave.approved", "nope", "leave.approved"]) == [
        "leave.approved", "person.deactivated"]
