"""gunicorn's settings for hrflow's web workers:
`gunicorn -c python:hrflow.gunicorn_settings -w 4 --threads 2 … 'hrflow:create_app()'` (docs/deployment.md;
bench/served.py and the served tests start gunicorn the same way).

The cyclic garbage collector. A list page allocates some tens of thousands of short-lived objects; with
Python's default threshold (a collection every 700 new objects) the collector ran about once a request, and
every tenth time walked everything alive at that moment, mid-request (about 1.3 ms each time on the
benchmark's pages). About every thousand requests a full collection walked the application's own quarter of
a million objects, which are loaded once and never become garbage: about 100 ms that somebody waits
through. Once a worker has loaded the application, those objects are frozen out of the collector's reach,
and the youngest generation is collected every 10,000 new objects (bench/README.md, "The collector in a
web worker")."""

from __future__ import annotations

import gc

YOUNGEST_GENERATION_THRESHOLD = 10_000


def post_worker_init(worker) -> None:
    """gunicorn's hook, called in each worker once it has loaded the application."""
    gc.collect()
    gc.freeze()
    _youngest, *older = gc.get_threshold()
    gc.set_threshold(YOUNGEST_GENERATION_THRESHOLD, *older)
