"""Compute the slow pages' results at start-up, so that no visitor waits for them.

Each blueprint module may offer ``warm_up(state)``: a list of calls that compute (and keep,
in ``state.slow``) what its pages need with their default parameters (the validation
report, every analysis report), and ``warm_up_variants(state)``: the same for the other
parameters a visitor can pick or follow a link to (each scenario, the ontology's data
formats, the region index). :func:`start` runs them one after another in one background
thread, every default before any variant: one at a time, so a visitor asking for another
page is not starved; a visitor who asks for a result that is still being computed joins
that computation. ``KG_WARM_UP = "defaults"`` (the tests) skips the variants. After the
variants the long-lived objects are frozen (:func:`gc.freeze`), so that garbage collection
does not pause requests.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
from typing import Callable

from flask import Flask

log = logging.getLogger(__name__)
EXTENSION = "kg-warm-up"


def jobs(app: Flask, variants: bool = True) -> list[Callable[[], object]]:
    """The warm-up calls of every registered blueprint in registration order: the defaults
    (``warm_up``), then, if asked, the variants (``warm_up_variants``)."""
    state = app.extensions["kg"]
    found: list[Callable[[], object]] = []
    for name in ("warm_up", "warm_up_variants") if variants else ("warm_up",):
        for blueprint in app.blueprints.values():
            warm_up = getattr(sys.modules.get(blueprint.import_name), name, None)
            if warm_up is not None:
                found += warm_up(state)
    return found


def _run(calls: list[Callable[[], object]], freeze: bool) -> None:
    for call in calls:
        try:
            call()
        except Exception:  # noqa: BLE001 - the page that needs it shows the error; start-up goes on
            log.exception("voorberekening mislukt")
    if freeze:
        # The graph snapshot and the results are millions of objects that live as long as the app:
        # moved out of the collector's view, a full collection no longer stalls a request for seconds.
        gc.collect()
        gc.freeze()


def start(app: Flask) -> threading.Thread:
    """Start the warm-up thread (kept in ``app.extensions``, so tests can join it)."""
    variants = app.config.get("KG_WARM_UP") != "defaults"
    thread = threading.Thread(target=_run, args=(jobs(app, variants), variants), name="kg-warm-up", daemon=True)
    app.extensions[EXTENSION] = thread
    thread.start()
    return thread
