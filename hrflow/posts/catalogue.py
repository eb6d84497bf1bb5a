"""The post catalogue: the department tree with seat counts and the posts under each department, folded
to departments when the unit has too many posts to list, or the posts a search finds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import Post, PostVersion
from hrflow.models.org import DepartmentRow, department_tree
from hrflow.posts.queries import without_spaces
from hrflow.posts.seats import SeatCount, filled_per_post, roll_up, seat_count, seats_by_department

# A catalogue up to this many posts lists them all; a larger one (a culture bureau's thousands) lists
# its departments with their totals and opens one department at a time: a page of thousands of rows
# is neither readable nor fast.
ALL_POSTS_LIMIT = 100


@dataclass(slots=True)
class CatalogueEntry:
    """One post in the catalogue: what its current version says, its seat count and its department's
    path. Plain values, not ORM objects: a list of hundreds of posts is built and rendered fast."""

    post_id: int
    name: str
    note: str | None
    filled_text: str | None  # 实聘人数 as written in the table (“由副书记兼任”)
    recruitable: bool
    count: SeatCount
    department_path: str

    @property
    def full_name(self) -> str:
        return f"{self.name}（{self.note}）" if self.note else self.name

    @property
    def filled_remark(self) -> str | None:
        """The table's 实聘 text when it says more than a number."""
        return self.filled_text if self.filled_text and not self.filled_text.isdigit() else None


@dataclass(slots=True)
class CatalogueNode:
    """One department in the catalogue tree, counts with its sub-units rolled up."""

    id: int
    name: str
    headcount_label: str | None  # documented headcount as written (“6人”)
    path: str
    depth: int
    count: SeatCount
    posts: list[CatalogueEntry] = field(default_factory=list)
    children: list[CatalogueNode] = field(default_factory=list)

    @property
    def headcount(self) -> int | None:
        """The number in the documented headcount (“6人” → 6), if it has one."""
        match = re.search(r"\d+", self.headcount_label or "")
        return int(match.group()) if match else None

    @property
    def headcount_differs(self) -> bool:
        return self.headcount is not None and self.headcount != self.count.seats

    def rows(self) -> list[tuple[CatalogueNode, list[CatalogueEntry]]]:
        """(department, its own posts) in the order the catalogue lists them: a department, its
        posts, then its sub-units."""
        found = [(self, self.posts)]
        for child in self.children:
            found.extend(child.rows())
        return found

    def entries(self) -> list[CatalogueEntry]:
        """Every post of this department and its sub-units, in table order."""
        found = list(self.posts)
        for child in self.children:
            found.extend(child.entries())
        return found


@dataclass
class Catalogue:
    roots: list[CatalogueNode]
    total: SeatCount  # the whole unit's
    posts: int  # how many posts the catalogue holds (a head's: their departments')
    folded: bool  # too many posts to list at once: departments only, and the posts of `opened`
    opened: CatalogueNode | None = None
    matches: list[CatalogueEntry] | None = None  # the search result, when searched

    def rows(self) -> list[tuple[CatalogueNode, list[CatalogueEntry]]]:
        """Each department with the posts listed under it, in table order (a department, its
        posts, then its sub-units); a folded catalogue has posts only under the opened department."""
        return [row for root in self.roots for row in root.rows()]


def catalogue(department_ids: set[int] | None = None, *, opened: int | None = None, search: str | None = None,
              on: date | None = None) -> Catalogue:
    """The department tree with seat counts and posts, in three queries however large the table:
    departments; seat totals per department (added up by the database); the posts listed.

    department_ids limits it (a head's departments): a shown department whose parent is not shown
    becomes a root. opened: the department whose posts a folded catalogue lists (ignored when it
    is not shown). search: list the shown posts whose name or note contains it instead."""
    departments = department_tree().rows
    own = seats_by_department(on)
    rolled, total = roll_up({d.id: d.parent_id for d in departments}, own)
    shown = {d.id for d in departments if department_ids is None or d.id in department_ids}
    roots, nodes = _tree(departments, shown, rolled)
    posts = sum(own[d].posts for d in shown if d in own)
    found = Catalogue(roots, total, posts, folded=posts > ALL_POSTS_LIMIT)
    found.opened = nodes.get(opened) if found.folded else None
    if search is not None or not found.folded:
        listed = None if department_ids is None else shown
    else:
        listed = {node.id for node, _ in found.opened.rows()} if found.opened else set()
    for row in _post_rows(listed, on):
        node = nodes[row.department_id]
        count = seat_count(row.seats, row.recruitable, row.filled)
        node.posts.append(CatalogueEntry(row.id, row.name, row.note, row.filled_text, row.recruitable, count, node.path))
    if search is not None:
        found.matches = _matching(found, search)
    return found


def _post_rows(department_ids: set[int] | None, on: date | None) -> list:
    """The current version of each post (of those departments) and its open appointments as one
    plain row, in table order: only the columns a list shows (duties … stay in the database)."""
    filled = filled_per_post(on or unit_today()).subquery()
    query = (
        select(Post.id, Post.department_id, PostVersion.name, PostVersion.note, PostVersion.seats,
               PostVersion.recruitable, PostVersion.filled_text, func.coalesce(filled.c.filled, 0).label("filled"))
        .join(PostVersion, Post.current_version_id == PostVersion.id)
        .outerjoin(filled, filled.c.post_id == Post.id)
        .order_by(Post.position, Post.id)
    )
    if department_ids is not None:
        query = query.where(Post.department_id.in_(sorted(department_ids)))
    return db.session.execute(query).all()


def _tree(departments: list[DepartmentRow], shown: set[int], counts: dict[int, SeatCount]
          ) -> tuple[list[CatalogueNode], dict[int, CatalogueNode]]:
    """The shown departments as a tree (roots) and by id, in table order, without posts yet."""
    children: dict[int | None, list[DepartmentRow]] = {}
    for department in departments:
        children.setdefault(department.parent_id, []).append(department)
    roots: list[CatalogueNode] = []
    nodes: dict[int, CatalogueNode] = {}

    def walk(department: DepartmentRow, path: str, parent: CatalogueNode | None) -> None:
        node = None
        if department.id in shown:
            node = CatalogueNode(department.id, department.name, department.headcount_label, path,
                                 parent.depth + 1 if parent else 0, counts[department.id])
            nodes[node.id] = node
            (parent.children if parent else roots).append(node)
        for child in children.get(department.id, []):
            walk(child, f"{path}/{child.name}", node)

    for top in children.get(None, []):
        walk(top, top.name, None)
    return roots, nodes


def _matching(found: Catalogue, query: str) -> list[CatalogueEntry]:
    """Posts whose name or note contains the query (case and spaces ignored), in table order."""
    needle = without_spaces(query).casefold()
    if not needle:
        return []
    return [
        entry
        for root in found.roots
        for entry in root.entries()
        if needle in without_spaces(entry.name).casefold() or needle in without_spaces(entry.note or "").casefold()
    ]
