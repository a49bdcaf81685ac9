"""The webhook's replay filter: each update_id once, in bounded memory."""

from __future__ import annotations

from bot.channels.telegram.webhook import UpdateDedupe


def test_a_replayed_update_id_is_recognised() -> None:
    dedupe = UpdateDedupe()
    assert not dedupe.seen(41)
    assert dedupe.seen(41)
    assert not dedupe.seen(42)


def test_memory_stays_bounded_under_a_stream_of_updates() -> None:
    dedupe = UpdateDedupe(size=100)
    for update_id in range(10_000):
        assert not dedupe.seen(update_id)
    assert dedupe.seen(9_999)  # recent ones are still known
    assert not dedupe.seen(0)  # the oldest were let go: at most `size` ids are kept
