"""Recruitment: routes.py (the pages and the blueprint) and exam_routes.py (scores to publicity), queries.py (reads for pages, exports and forms),
operations.py (what HR does to a round), applicants.py (people coming in, by form or sheet), verdicts.py
and scores.py (pure judging and exam arithmetic), export.py (spreadsheets), jobs.py (big work in the
background)."""

# On the blueprint before it is registered: the exam pages, 考场编排, the examiner panels' pages; background job kinds.
from hrflow.recruitment import arrangement_routes, exam_routes, jobs, panel_routes  # noqa: F401
from hrflow.recruitment.routes import bp

__all__ = ["bp"]
