"""The neutral structure every reader produces."""

from __future__ import annotations

from dataclasses import dataclass, field

COLUMNS = ("部门", "岗位设置", "设岗人数", "实聘人数", "岗位职责", "任职条件", "考核标准")
DEPARTMENT, POST, SEATS, FILLED, DUTIES, REQUIREMENTS, STANDARD = range(7)
# Columns a table may add: the header names each reader accepts for them (the first is the one messages use).
CATEGORY, GRADE = "岗位类别", "岗位等级"
OPTIONAL_COLUMNS = {CATEGORY: ("岗位类别", "类别"), GRADE: ("岗位等级", "等级")}

# 设岗人数 of one post: more is a typo (and past 2,147,483,647 would not even fit the database's column).
MAX_SEATS = 9_999
# All posts of a table together: each filled seat becomes an incumbent record when the table is imported.
MAX_TABLE_SEATS = 20_000
# The longest texts the database keeps (hrflow/models/org.py; tests check that they agree): department and
# post names, 实聘人数 as written and who holds a post concurrently; a post name's note.
MAX_NAME_LENGTH = 100
MAX_NOTE_LENGTH = 200


@dataclass
class Cell:
    text: str
    where: str  # "第 13 行" / "表格 2 第 4 行" — how a person finds it in the file (a Said: it reads in English too)


@dataclass
class RawRow:
    cells: list[Cell]
    section: str | None = None  # the department section title above the row, if any
    extra: dict[str, Cell] = field(default_factory=dict)  # the optional columns the table has (CATEGORY, GRADE)

    @property
    def where(self) -> str:
        """Where the post cell starts (the department cell of a later row is usually empty)."""
        if len(self.cells) > 1:
            return self.cells[1].where
        return self.cells[0].where if self.cells else ""

    def text(self, index: int) -> str:
        return self.cells[index].text if index < len(self.cells) else ""

    def has(self, index: int) -> bool:
        return index < len(self.cells)


@dataclass
class ParsedPost:
    name: str
    note: str | None
    seats: int
    filled: int
    filled_text: str
    recruitable: bool
    concurrent_holder: str | None  # who holds it concurrently, when the table says so
    duties: list[str]
    requirements: list[str]
    standard: list[str]
    where: str
    category: str | None = None  # hrflow.importers.categories; None: the table does not say
    grade: str | None = None  # an official 岗位等级, or None

    @property
    def key(self) -> str:
        return self.name

    @property
    def vacant(self) -> int:
        return self.seats - self.filled

    @property
    def full_name(self) -> str:
        return f"{self.name}（{self.note}）" if self.note else self.name


@dataclass
class ParsedDepartment:
    name: str
    headcount_label: str | None = None
    alias: str | None = None
    where: str = ""
    posts: list[ParsedPost] = field(default_factory=list)
    children: list[ParsedDepartment] = field(default_factory=list)

    def all_posts(self) -> list[ParsedPost]:
        posts = list(self.posts)
        for child in self.children:
            posts.extend(child.all_posts())
        return posts


@dataclass
class ParsedTable:
    source: str
    departments: list[ParsedDepartment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def all_posts(self) -> list[ParsedPost]:
        return [p for d in self.departments for p in d.all_posts()]

    def totals(self) -> dict[str, int]:
        posts = self.all_posts()
        return {
            "departments": len(self.departments),
            "posts": len(posts),
            "seats": sum(p.seats for p in posts),
            "filled": sum(p.filled for p in posts),
            "vacant": sum(p.vacant for p in posts),
            "recruitable": sum(p.vacant for p in posts if p.recruitable),
        }
