"""``settle_for_serving``: what ``backstride serve`` does to the garbage collector before serving; an
app made to serve settles at its start-up, any other app never does."""

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


def _freeze_count_once_started(tmp_path, **kwargs) -> int:
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    thresholds = gc.get_threshold()
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'settle.sqlite3'}"), **kwargs)
    assert gc.get_freeze_count() == 0  # building the app does not settle: only starting it may
    try:
        with TestClient(app):  # runs the app's start-up, as uvicorn does in each worker
            return gc.get_freeze_count()
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_an_app_made_to_serve_settles_when_it_starts(tmp_path):
    assert _freeze_count_once_started(tmp_path, settle=True) > 10_000


def test_other_apps_never_touch_the_garbage_collector(tmp_path):
    assert _freeze_count_once_started(tmp_path) == 0
