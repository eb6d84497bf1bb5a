"""Turn raw rows (from any reader) into departments and posts, with warnings for what does not
add up. Nothing is guessed silently: a number that cannot be read is an error, a count that
disagrees is a warning that names the place."""

from __future__ import annotations

import re
import unicodedata

from hrflow.importers.categories import (
    CATEGORY_NAMES,
    category_marked_in_name,
    category_of_grade,
    read_category,
    read_grade,
)
from hrflow.importers.errors import TableImportError
from hrflow.importers.model import (
    CATEGORY,
    COLUMNS,
    DEPARTMENT,
    DUTIES,
    FILLED,
    GRADE,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_SEATS,
    MAX_TABLE_SEATS,
    POST,
    REQUIREMENTS,
    SEATS,
    STANDARD,
    ParsedDepartment,
    ParsedPost,
    ParsedTable,
    RawRow,
)
from hrflow.importers.text import clean_name, parse_count, shorten, split_items, split_name_note, whole_number
from hrflow.rules.wording import N_, joined

_HEADCOUNT = re.compile(r"^(?P<name>.*?)\s*(?P<label>\d+\s*人)$", re.S)
_CONCURRENT = re.compile(r"^由(?P<holder>.+?)兼任$")
_NOT_RECRUITING = re.compile(r"^[（(]?\s*此次不聘\s*[）)]?$")
# One part of a sub-unit's composition: 主任1名 / 工作人员10名 / 主任1名（兼顾成人部临时性工作）
_COMPOSITION_PART = re.compile(
    r"(?P<name>[^\d（()）、，,；;\s]+?)\s*(?P<count>\d+)\s*[名人个]\s*(?:[（(](?P<note>[^）)]*)[）)])?[、，,；;\s]*"
)


def interpret(rows: list[RawRow], source: str) -> ParsedTable:
    table = ParsedTable(source=source)
    current: ParsedDepartment | None = None
    rows = [row for row in rows if any(cell.text.strip() for cell in row.cells)]
    for index, row in enumerate(rows):
        current = _department_for(row, current, table, source)
        if not row.has(SEATS):
            _warn_incomplete(row, current, index == len(rows) - 1, table)
            if not row.has(POST) or not row.text(POST):
                continue
            raise TableImportError(source, "这一行没有设岗人数，无法导入", where=row.where, field=COLUMNS[SEATS])
        if not row.has(STANDARD):
            _warn_incomplete(row, current, index == len(rows) - 1, table)
        _add_row(row, current, table, source)
    if not table.departments:
        raise TableImportError(source, "文件中没有找到任何岗位行")
    _check_total_seats(table, source)
    _check_headcounts(table)
    return table


def _department_for(
    row: RawRow, current: ParsedDepartment | None, table: ParsedTable, source: str
) -> ParsedDepartment:
    text = row.text(DEPARTMENT).strip()
    if not text:
        if current is None:
            raise TableImportError(source, "第一行岗位没有部门名称", where=row.where, field=COLUMNS[DEPARTMENT])
        return current
    match = _HEADCOUNT.match(unicodedata.normalize("NFKC", text))
    name = clean_name(match.group("name") if match else text)
    if not name:
        raise TableImportError(source, "部门名称为空", where=row.where, field=COLUMNS[DEPARTMENT])
    _check_length(name, MAX_NAME_LENGTH, "部门名称", source, row.where, COLUMNS[DEPARTMENT])
    headcount = _documented_headcount(match, row, source)
    label = f"{headcount}人" if headcount is not None else None
    existing = next((d for d in table.departments if d.name == name), None)
    if existing is not None:
        return existing
    department = ParsedDepartment(name=name, headcount_label=label, alias=_alias(row.section, name), where=row.where)
    table.departments.append(department)
    return department


def _documented_headcount(match: re.Match | None, row: RawRow, source: str) -> int | None:
    """'古籍保护中心3人' documents 3 people."""
    if match is None:
        return None
    headcount = whole_number(re.sub(r"\D", "", match.group("label")))
    if headcount > MAX_TABLE_SEATS:
        raise TableImportError(source, f"部门人数“{shorten(match.group('label'))}”超出范围（最多 {MAX_TABLE_SEATS:,} 人）",
                               where=row.where, field=COLUMNS[DEPARTMENT])
    return headcount


def _alias(section: str | None, name: str) -> str | None:
    """The section title's own name for the department, when it differs ('地方文献')."""
    if not section:
        return None
    title = re.sub(r"\s", "", section)
    title = re.split(r"岗位职责|岗位设置", title)[0]
    # A title longer than any name is a sentence above the table, not the department's name.
    return title if title and title != name and len(title) <= MAX_NAME_LENGTH else None


def _add_row(row: RawRow, department: ParsedDepartment, table: ParsedTable, source: str) -> None:
    post_text = row.text(POST)
    if not clean_name(post_text):
        raise TableImportError(source, "岗位名称为空", where=row.where, field=COLUMNS[POST])
    seats_text = row.text(SEATS)
    seats = parse_count(seats_text)
    if seats is None:
        composition = _parse_composition(seats_text)
        if composition is None:
            raise TableImportError(
                source,
                f"“{shorten(seats_text)}”不是人数（应为非负整数，或“主任1名工作人员10名”这样的组成）",
                where=row.cells[SEATS].where,
                field=COLUMNS[SEATS],
            )
        _add_sub_unit(row, department, composition, table, source)
        return
    name, note = split_name_note(post_text)
    _check_seats(seats, seats_text, row, source)
    filled, recruitable, holder, filled_text = _parse_filled(row, seats, table, source)
    holder = holder or _concurrent_holder_from_note(note)
    _check_length(name, MAX_NAME_LENGTH, "岗位名称", source, row.where, COLUMNS[POST])
    _check_length(note or "", MAX_NOTE_LENGTH, "岗位名称括号中的说明", source, row.where, COLUMNS[POST])
    _check_length(holder or "", MAX_NAME_LENGTH, "兼任人", source, row.where, COLUMNS[POST])
    post = _post(row, name, note, seats, filled, filled_text, recruitable, holder)
    post.category, post.grade = _category_and_grade(row, name, note, source)
    _append_post(department, post, source)


def _category_and_grade(row: RawRow, name: str, note: str | None, source: str) -> tuple[str | None, str | None]:
    """What the table says of the post's category and grade: its 岗位类别 and 岗位等级 columns, else a clear
    marker in its name ('工勤岗', '（工勤）'); None where it says nothing. A value that is none of the official
    ones is refused, naming the row and the column, never taken for the nearest."""
    category = _stated_category(row, source)
    grade = _stated_grade(row, category, source)
    graded = category_of_grade(grade)
    if category and graded and graded != category:
        raise TableImportError(
            source, f"岗位等级“{grade}”不属于岗位类别“{CATEGORY_NAMES[category]}”",
            where=row.extra[GRADE].where, field=GRADE)
    return category or graded or category_marked_in_name(name, note), grade


def _stated_category(row: RawRow, source: str) -> str | None:
    cell = row.extra.get(CATEGORY)
    if cell is None or not cell.text.strip():
        return None
    category = read_category(cell.text)
    if category is None:
        raise TableImportError(source, f"“{shorten(cell.text)}”不是岗位类别（应为管理、专业技术或工勤技能）",
                               where=cell.where, field=CATEGORY)
    return category


def _stated_grade(row: RawRow, category: str | None, source: str) -> str | None:
    cell = row.extra.get(GRADE)
    if cell is None or not cell.text.strip():
        return None
    grade = read_grade(cell.text, category)
    if grade is None:
        raise TableImportError(
            source, f"“{shorten(cell.text)}”不是岗位等级（应为管理一级至十级、专业技术一级至十三级、"
                    "工勤技能一级至五级或普通工；只写“十级”时须有岗位类别）",
            where=cell.where, field=GRADE)
    return grade


def _post(row, name, note, seats, filled, filled_text, recruitable, holder) -> ParsedPost:
    return ParsedPost(
        name=name,
        note=note,
        seats=seats,
        filled=filled,
        filled_text=filled_text,
        recruitable=recruitable,
        concurrent_holder=holder,
        duties=split_items(row.text(DUTIES)),
        requirements=split_items(row.text(REQUIREMENTS)),
        standard=split_items(row.text(STANDARD)),
        where=row.where,
    )


def _append_post(department: ParsedDepartment, post: ParsedPost, source: str) -> None:
    twin = next((p for p in department.posts if p.key == post.key), None)
    if twin is not None:
        raise TableImportError(
            source,
            f"部门“{department.name}”中岗位“{post.name}”出现两次（另一处在{twin.where}）",
            where=post.where,
            field=COLUMNS[POST],
        )
    department.posts.append(post)


def _check_seats(seats: int, text: str, row: RawRow, source: str) -> None:
    if seats < 0:
        raise TableImportError(source, f"设岗人数不能为负数（{shorten(text)}）", where=row.cells[SEATS].where,
                               field=COLUMNS[SEATS])
    if seats > MAX_SEATS:
        raise TableImportError(source, f"设岗人数“{shorten(text)}”超出范围（每个岗位最多 {MAX_SEATS:,} 人）",
                               where=row.cells[SEATS].where, field=COLUMNS[SEATS])


def _check_total_seats(table: ParsedTable, source: str) -> None:
    total = 0
    for post in table.all_posts():
        total += post.seats
        if total > MAX_TABLE_SEATS:
            raise TableImportError(source, f"全表设岗人数合计超过 {MAX_TABLE_SEATS:,} 人，已拒绝", where=post.where,
                                   field=COLUMNS[SEATS])


def _check_length(text: str, limit: int, what: str, source: str, where: str, column: str) -> None:
    if len(text) > limit:
        raise TableImportError(source, f"{what}过长（{len(text)} 字，最多 {limit} 字）：“{shorten(text)}”",
                               where=where, field=column)


def _parse_filled(row: RawRow, seats: int, table: ParsedTable, source: str) -> tuple[int, bool, str | None, str]:
    """实聘人数 → (filled, recruitable, concurrent holder, text as written)."""
    if not row.has(FILLED):
        table.warnings.append(N_("%(where)s：缺少实聘人数，暂按 0 人计，请补全", where=row.where))
        return 0, True, None, ""
    text = clean_name(row.text(FILLED))
    where = row.cells[FILLED].where
    _check_length(text, MAX_NAME_LENGTH, "实聘人数", source, where, COLUMNS[FILLED])
    if _NOT_RECRUITING.match(text):
        return 0, False, None, text
    concurrent = _CONCURRENT.match(text)
    if concurrent:
        if seats < 1:
            raise TableImportError(source, "设岗人数为 0 却写明由他人兼任", where=where, field=COLUMNS[FILLED])
        if seats > 1:
            table.warnings.append(N_("%(where)s：“%(text)s”只说明 1 人兼任，其余 %(vacant)s 个岗位按空缺计", where=where,
                                     text=text, vacant=seats - 1))
        return 1, True, concurrent.group("holder"), text
    filled = parse_count(text)
    if filled is None:
        raise TableImportError(
            source,
            f"“{shorten(text)}”无法识别（应为人数、“由…兼任”或“（此次不聘）”）",
            where=where,
            field=COLUMNS[FILLED],
        )
    if filled < 0:
        raise TableImportError(source, f"实聘人数不能为负数（{filled}）", where=where, field=COLUMNS[FILLED])
    if filled > seats:
        raise TableImportError(
            source, f"实聘人数 {shorten(text)} 大于设岗人数 {seats}", where=where, field=COLUMNS[FILLED]
        )
    return filled, True, None, text


def _concurrent_holder_from_note(note: str | None) -> str | None:
    """'由办证咨询1人兼任' in the post name's note: held by one of the 办证咨询 staff."""
    if not note:
        return None
    match = re.search(r"由(?P<holder>.+?)(?:\d+\s*人)?兼任", note)
    return match.group("holder") if match else None


def _parse_composition(text: str) -> list[tuple[str, int, str | None]] | None:
    normal = unicodedata.normalize("NFKC", text).strip()
    parts: list[tuple[str, int, str | None]] = []
    position = 0
    while position < len(normal):
        match = _COMPOSITION_PART.match(normal, position)
        if match is None:
            return None
        parts.append((clean_name(match.group("name")), whole_number(match.group("count")), match.group("note")))
        position = match.end()
    return parts or None


def _add_sub_unit(row, department, composition, table: ParsedTable, source: str) -> None:
    """成人部's rows name a sub-unit (流通部) whose seats cell lists its posts (主任1名工作人员10名)."""
    name, note = split_name_note(row.text(POST))
    _check_length(name, MAX_NAME_LENGTH, "部门名称", source, row.where, COLUMNS[POST])
    for post_name, seats, post_note in composition:
        _check_seats(seats, row.text(SEATS), row, source)
        _check_length(post_name, MAX_NAME_LENGTH, "岗位名称", source, row.where, COLUMNS[SEATS])
        _check_length(post_note or "", MAX_NOTE_LENGTH, "岗位说明", source, row.where, COLUMNS[SEATS])
    sub_unit = next((d for d in department.children if d.name == name), None)
    if sub_unit is None:
        sub_unit = ParsedDepartment(name=name, alias=None, where=row.where)
        department.children.append(sub_unit)
    total = sum(count for _, count, _ in composition)
    filled, recruitable, holder, filled_text = _parse_filled(row, total, table, source)
    remaining = filled
    shares = []
    for _name, seats, _note in composition:
        share = min(seats, remaining)
        remaining -= share
        shares.append(share)
    if 0 < filled < total:
        listing = joined(N_("、"), (N_("%(post)s%(n)s人", post=n, n=s)
                                    for (n, _, _), s in zip(composition, shares, strict=True)))
        table.warnings.append(N_(
            "%(where)s：“%(path)s”实聘 %(filled)s 人少于设岗 %(total)s 人，表中未写明哪个岗位空缺，暂按所列顺序计为%(listing)s，请核对",
            where=row.where, path=f"{department.name}/{name}", filled=filled, total=total, listing=listing))
    for (post_name, seats, post_note), share in zip(composition, shares, strict=True):
        post = _post(row, post_name, post_note, seats, share, filled_text, recruitable, holder)
        post.category, post.grade = _category_and_grade(row, post_name, post_note, source)
        _append_post(sub_unit, post, source)


def _warn_incomplete(row: RawRow, department: ParsedDepartment | None, is_last: bool, table: ParsedTable) -> None:
    # Column names are msgids too (messages.po), so an English reader reads which columns are missing.
    missing = joined(N_("、"), (N_(COLUMNS[i]) for i in range(len(row.cells), len(COLUMNS))))
    post = clean_name(row.text(POST)) or N_("（无岗位名称）")
    path = department.name + "/" + post if department else post
    if is_last:
        table.warnings.append(N_("文件在%(where)s起的一行（%(path)s）处截断：缺少%(missing)s，该岗位已按现有内容导入，请补全",
                                 where=row.where, path=path, missing=missing))
    else:
        table.warnings.append(N_("%(where)s起的一行（%(path)s）不完整：缺少%(missing)s，已按现有内容导入，请补全",
                                 where=row.where, path=path, missing=missing))


def _check_headcounts(table: ParsedTable) -> None:
    for department in table.departments:
        if not department.headcount_label:
            continue
        documented = int(department.headcount_label.removesuffix("人"))
        posts = department.all_posts()
        seats = sum(p.seats for p in posts)
        if documented == seats:
            continue
        filled = sum(p.filled for p in posts)
        concurrent = sum(p.filled for p in posts if p.concurrent_holder)
        detail = N_("各岗位合计设岗 %(seats)s 人、实聘 %(filled)s 人", seats=seats, filled=filled)
        if concurrent:
            detail += N_("，其中 %(n)s 个岗位由他人兼任", n=concurrent)
        label = department.headcount_label
        table.warnings.append(N_(
            "%(where)s：部门“%(department)s”标注 %(label)s，但%(detail)s；已按各岗位数字导入，未作修改",
            where=department.where, department=department.name, detail=detail,
            label=N_("%(n)s人", n=documented) if label == f"{documented}人" else label))
