"""Background jobs: the machinery (services), the job pages (routes) and the RQ entry point (worker).
Each area registers its own kinds in its `jobs.py`."""

from hrflow.jobs.routes import bp

__all__ = ["bp"]
