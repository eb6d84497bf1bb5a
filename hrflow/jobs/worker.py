"""The RQ worker's entry points: `rq worker hrflow` runs queued jobs by the name submit() gives them
(hrflow.jobs.services.WORKER_ENTRY), and the chunks of a print batch (hrflow.pdf.batch), which a local
process pool runs too. Run the worker with the same HRFLOW_* environment as the web app."""

from __future__ import annotations

import os

from hrflow import create_app
from hrflow.extensions import db
from hrflow.jobs.services import run_with_app
from hrflow.pdf.batch import ChunkResult, render_chunk, to_wire


def run_in_worker(job_id: int) -> None:
    """Build the app from the environment and run one job in it."""
    run_with_app(create_app(), job_id)


# ---------------------------------------------------------------- chunks of a print batch (hrflow.pdf.batch)

_POOL_APP = None


def start_pool_worker(config: dict, instance_path: str) -> None:
    """A local pool process: the app built once, with the parent's settings and instance folder."""
    global _POOL_APP
    os.environ["HRFLOW_INSTANCE_PATH"] = instance_path
    _POOL_APP = create_app(config)


def render_chunk_in_pool(kind: str, params: dict, keys: list[int], last: bool) -> ChunkResult:
    with _POOL_APP.app_context():
        try:
            return render_chunk(kind, params, keys, last)
        finally:
            db.session.remove()


def render_chunk_in_worker(kind: str, params: dict, keys: list[int], last: bool) -> dict:
    """An RQ chunk job: the app from the environment, the result in plain types for Redis."""
    app = create_app()
    with app.app_context():
        try:
            return to_wire(render_chunk(kind, params, keys, last))
        finally:
            db.session.remove()
