"""Posts: the post table. routes.py (the pages), catalogue.py and queries.py (reads), seats.py (counting
seats), importing.py (a table in), operations.py (editing a post), versions.py (what an edit changed),
staff.py (appointments), export.py (the table out), jobs.py (the 岗位说明书汇编 in the background),
roster.py and roster_routes.py (the staff roster and a person's page)."""

from hrflow.posts import (
    jobs,  # noqa: F401  (registers the background job kind)
    roster_routes,  # noqa: F401  (adds the roster's pages to the blueprint)
)
from hrflow.posts.routes import bp

__all__ = ["bp"]
