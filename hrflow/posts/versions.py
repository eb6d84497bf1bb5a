"""What a post edit changed: the unit's today (the default effective date) and a field-by-field comparison
of a version with the one before it, for the version page."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from hrflow.clock import unit_today  # noqa: F401  (the default effective date of an edit)
from hrflow.models import PostCategory, PostVersion

# The fields of PostVersion.content() in the order the page lists them, with their labels.
FIELD_LABELS: dict[str, LazyString] = {
    "name": _l("岗位名称"), "note": _l("岗位备注"), "category": _l("岗位类别"), "grade_level": _l("岗位等级"),
    "supervisor": _l("直接上级"), "seats": _l("设岗人数"), "filled_text": _l("表中实聘人数"),
    "recruitable": _l("空缺岗位可以招聘"), "duties": _l("岗位职责"), "requirements": _l("任职条件"),
    "standard": _l("考核标准"),
}
LIST_FIELDS = ("duties", "requirements", "standard")


@dataclass
class FieldChange:
    """One field that differs. Plain fields carry before/after; lists carry the items removed and added
    (an item reworded shows as one removed and one added, as a reader compares two printed versions)."""

    key: str
    label: LazyString
    before: object = None
    after: object = None
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return self.key in LIST_FIELDS

    @property
    def reordered(self) -> bool:
        """The same items in another order."""
        return self.is_list and not self.removed and not self.added


def _shown(key: str, value: object) -> object:
    """A value as the page shows it: the category's label, yes/no for recruitable."""
    if key == "category" and value:
        return PostCategory(value).label
    if key == "recruitable":
        return _l("是") if value else _l("否（此次不聘）")
    return value


def compare(before: PostVersion | None, after: PostVersion) -> list[FieldChange]:
    """The fields `after` changed against `before`, in the page's order; [] for a first version."""
    if before is None:
        return []
    old, new = before.content(), after.content()
    changes = []
    for key, label in FIELD_LABELS.items():
        if old[key] == new[key]:
            continue
        if key in LIST_FIELDS:
            kept_old, kept_new = set(new[key]), set(old[key])
            changes.append(FieldChange(key, label, removed=[item for item in old[key] if item not in kept_old],
                                       added=[item for item in new[key] if item not in kept_new]))
        else:
            changes.append(FieldChange(key, label, _shown(key, old[key]), _shown(key, new[key])))
    return changes
