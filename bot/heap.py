"""The bot process's start-up heap kept out of the garbage collector's full passes.

Once the bot has started, most of its objects (knowledge, compiled SMS rules, the PTB
application) live until it stops. Python's full (generation-2) collection still walks all
of them, and during a burst of photos (many objects made and dropped) that happened 15
times in two minutes in ``bench.photo``, the longest pass 358 ms on the loaded machine: a
text reply waiting on it. ``settle_heap`` collects once, then freezes what survives
(``gc.freeze``): later passes only walk objects made after start-up. Objects frozen that
later become cyclic garbage are never collected, so it is called once, in ``paidoff run``
after start-up, not in tests that start many bots in one process.
"""

from __future__ import annotations

import gc

__all__ = ["settle_heap"]


def settle_heap() -> int:
    """Collect, then freeze the survivors; how many objects are now frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
