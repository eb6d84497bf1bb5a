"""Posts: the post table. routes.py (the pages), catalogue.py and queries.py (reads), seats.py (counting
seats), importing.py (a table in), operations.py (editing a post), staff.py (appointments), export.py
(the table out), jobs.py (the 岗位说明书汇编 in the background)."""

from hrflow.posts import jobs  # noqa: F401  (registers the background job kind)
from hrflow.posts.routes import bp

__all__ = ["bp"]
