from __future__ import annotations

from hrflow.errors import DomainError


class TableImportError(DomainError):
    """Bad input: names the file, the place (line / row) and the field, and says what is wrong."""

    def __init__(self, source: str, problem: str, *, where: str | None = None, field: str | None = None):
        self.source = source
        self.problem = problem
        self.where = where
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = [p for p in (self.source, self.where, self.field) if p]
        return f"{'，'.join(parts)}：{self.problem}" if parts else self.problem
