"""Recruitment: routes.py (the pages and the blueprint), queries.py (reads for pages, exports and forms),
operations.py (what HR does to a round), applicants.py (people coming in, by form or sheet), verdicts.py
and scores.py (pure judging and exam arithmetic), export.py (spreadsheets), jobs.py (big work in the
background)."""

from hrflow.recruitment import jobs  # noqa: F401  (registers the background job kinds)
from hrflow.recruitment.routes import bp

__all__ = ["bp"]
