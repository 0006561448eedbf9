"""``settle_for_serving``: what ``backstride serve`` does to the garbage collector before serving."""

from __future__ import annotations

import gc

from backstride.web.app import settle_for_serving


def test_settling_freezes_start_up_objects_and_makes_collections_rarer():
    thresholds = gc.get_threshold()
    try:
        settle_for_serving()
        assert gc.get_freeze_count() > 10_000  # the knowledge base and the libraries, out of the GC's view
        assert gc.get_threshold()[0] >= 10_000
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    assert gc.get_freeze_count() == 0
