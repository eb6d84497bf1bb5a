"""Annual assessment (年度考核): cycles, each person's assessment, the 优秀 quota, acknowledgement and appeal.

routes.py (the pages, with forms.py), queries.py and figures.py (reads and counts), operations.py (the
cycle and each person's steps), head_review.py (the head's review), grading.py (everything that moves the
优秀 count), sheets.py (grades to and from Excel), access.py (who may do what), jobs.py (the 登记表 batch)."""

from hrflow.assessment import jobs  # noqa: F401, I001  (registers the background job kind; imported first)
from hrflow.assessment import ballot_routes, quarterly_routes  # noqa: F401  (民主测评 and 平时考核 pages on the blueprint)
from hrflow.assessment import participation_routes  # noqa: F401  (paper summaries, records, logins, places)
from hrflow.assessment import consequence_routes, review_routes  # noqa: F401  (the head's review; results put to use)
from hrflow.assessment import reminder_routes  # noqa: F401  (reminders before the deadlines)
from hrflow.assessment.routes import bp

__all__ = ["bp"]
