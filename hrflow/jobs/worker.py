"""The RQ worker's entry point: `rq worker hrflow` runs queued jobs by the name submit() gives them
(hrflow.jobs.services.WORKER_ENTRY). Run the worker with the same HRFLOW_* environment as the web app."""

from __future__ import annotations

from hrflow import create_app
from hrflow.jobs.services import run_with_app


def run_in_worker(job_id: int) -> None:
    """Build the app from the environment and run one job in it."""
    run_with_app(create_app(), job_id)
