"""What a listing takes from a server is bounded: a page's size, the number of pages a server that
repeats itself can make it ask for, and one unreadable entry. Loopback peers (tests/support/peers.py)
play the misbehaving servers; the real listing code (Storage.list_level / list_recursive, the
ListObjectsV2 reader) talks to them over real sockets."""

from __future__ import annotations

import logging
import time

import pytest

from ensure_browser.core.s3.pages import MAX_PAGE_BYTES, ListingFailure
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support import peers

MiB = 1024 * 1024


def _storage(port: int) -> Storage:
    return Storage(ConnectionSettings(f"127.0.0.1:{port}", "AKIAEXAMPLE", "secret", retries=0, read_timeout=5))


def _level(storage: Storage) -> list[object]:
    return [e for page in storage.list_level("b", "") for e in page]


def test_a_page_bigger_than_the_limit_stops_the_listing_and_is_not_read_whole() -> None:
    peer = peers.ListingPeer(huge=64 * MiB)  # no length declared: the body ends when the peer closes
    with peers.tcp_peer(peer) as port, pytest.raises(ListingFailure, match="larger than 16 MiB") as info:
        _level(_storage(port))
    assert info.value.code == "PageTooLarge"
    assert 16 * MiB == MAX_PAGE_BYTES
    assert peer.sent < 48 * MiB  # the reader stopped at the limit: the rest was never taken


def test_a_page_declared_bigger_than_the_limit_is_refused_before_reading() -> None:
    peer = peers.ListingPeer(declared=400 * 1000 * 1000)
    started = time.monotonic()
    with peers.tcp_peer(peer) as port, pytest.raises(ListingFailure, match="larger than") as info:
        list(_storage(port).list_recursive("b"))
    assert info.value.code == "PageTooLarge"
    assert time.monotonic() - started < 3  # not waiting for the 400 MB the peer never sends


def test_a_repeated_continuation_token_ends_the_listing() -> None:
    peer = peers.ListingPeer(lambda n: peers.listing_page([(f"k{n}", "1")], token="again"))
    with (peers.tcp_peer(peer) as port,
          pytest.raises(ListingFailure, match="continuation token again .*may be incomplete") as info):
        _level(_storage(port))
    assert info.value.code == "NoProgress"
    assert len(peer.requests) == 2  # the first page, and the one that repeated its token
    assert "continuation-token=again" in peer.requests[1]


def test_the_same_page_again_under_new_tokens_ends_the_listing() -> None:
    peer = peers.ListingPeer(lambda n: peers.listing_page([("a", "1"), ("b", "2")], token=f"t{n}"))
    with peers.tcp_peer(peer) as port, pytest.raises(ListingFailure, match="same page again") as info:
        list(_storage(port).list_recursive("b"))
    assert info.value.code == "NoProgress"
    assert len(peer.requests) <= 3  # the page, its repetition (and at most the prefetch of the next)


def test_an_unreadable_size_keeps_the_entry_with_its_size_unknown(caplog: pytest.LogCaptureFixture) -> None:
    pages = [peers.listing_page([("a.pdf", "7"), ("b.pdf", "12abc")], token="next"),
             peers.listing_page([("c.pdf", "-3"), ("d.pdf", "9")])]
    peer = peers.ListingPeer(lambda n: pages[n])
    with peers.tcp_peer(peer) as port, caplog.at_level(logging.WARNING, "ensure_browser.core.s3.pages"):
        entries = [e for page in _storage(port).list_level("b", "") for e in page]
    assert [(e.key, e.size, e.size_known) for e in entries] == [
        ("a.pdf", 7, True), ("b.pdf", 0, False), ("c.pdf", 0, False), ("d.pdf", 9, True)]
    assert "unreadable size" in caplog.text and "b.pdf" in caplog.text and "c.pdf" in caplog.text
