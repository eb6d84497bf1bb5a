"""Every format and encoding reads to the same table; bad files are refused naming place and field."""

import csv
import io

import docx
import openpyxl
import pytest

from hrflow.importers import TableImportError, read_post_table
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


def snapshot(table):
    return (
        table.totals(),
        [
            (d.name, d.headcount_label, [c.name for c in d.children],
             [(p.name, p.note, p.seats, p.filled, p.recruitable, p.concurrent_holder, p.duties, p.requirements, p.standard)
              for p in d.all_posts()])
            for d in table.departments
        ],
    )


REFERENCE = snapshot(read_post_table(SEED_TEXT.encode("utf-8"), "seed.txt"))


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8-sig"),
        lambda t: t.encode("gbk"),
        lambda t: t.encode("gb18030"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("gbk"),
        lambda t: t.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8-bom", "gbk", "gb18030", "crlf", "gbk-crlf", "cr"],
)
def test_encodings_and_line_endings_give_identical_results(encode):
    assert snapshot(read_post_table(encode(SEED_TEXT), "seed.txt")) == REFERENCE


def test_the_file_name_does_not_matter():
    assert snapshot(read_post_table(SEED_TEXT.encode(), "表.docx")) == REFERENCE


# ---------------------------------------------------------------- a small table in every format

ROWS = [
    ["古籍保护中心3人", "主任", "1", "1", "1、负责古籍保护。2、负责修复计划。", "1、本科以上学历。2、副研究馆员以上职称。", "完成任务。"],
    ["", "修复师\n（古籍修复）", "2", "1", "负责古籍修复；负责登记。", "1、大专以上学历", "完成修复任务"],
    ["阅览部", "流通组", "主任1名工作人员2名", "3", "1.做好借阅。2.做好咨询。", "在编人员", "完成任务"],
]
HEADER = ["部门", "岗位设置", "设岗人数", "实聘人数", "岗位职责", "任职条件", "考核标准"]


def small_expected(table):
    assert table.totals() == {"departments": 2, "posts": 4, "seats": 6, "filled": 5, "vacant": 1, "recruitable": 1}
    centre, reading = table.departments
    assert (centre.name, centre.headcount_label) == ("古籍保护中心", "3人")
    restorer = centre.posts[1]
    assert (restorer.name, restorer.note, restorer.seats, restorer.filled) == ("修复师", "古籍修复", 2, 1)
    assert restorer.duties == ["负责古籍修复；", "负责登记。"]
    assert centre.posts[0].requirements == ["本科以上学历。", "副研究馆员以上职称。"]
    assert [c.name for c in reading.children] == ["流通组"]
    assert [(p.name, p.seats, p.filled) for p in reading.children[0].posts] == [("主任", 1, 1), ("工作人员", 2, 2)]
    assert table.warnings == []


def as_text_dump(rows):
    lines = ["古籍保护中心岗位职责及岗位设置", ""] + ["\t" + h for h in HEADER] + [""]
    for row in rows:
        for cell in row:
            first, *rest = cell.split("\n")
            lines.append("\t" + first)
            lines.extend(rest)
        lines.append("")
    return "\n".join(lines).encode()


def as_csv(rows, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def as_xlsx(rows, merge=True):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([int(v) if v.isdigit() else v for v in row])
    if merge:
        sheet.merge_cells("A2:A3")  # 古籍保护中心 spans its two posts
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_docx(rows):
    document = docx.Document()
    document.add_paragraph("古籍保护中心岗位职责及岗位设置")
    table = document.add_table(rows=1 + len(rows), cols=7)
    for cell, title in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            paragraphs = value.split("\n")
            cell.text = paragraphs[0]
            for extra in paragraphs[1:]:
                cell.add_paragraph(extra)  # multi-paragraph cell
    merged = table.cell(1, 0).merge(table.cell(2, 0))  # vertically merged department cell
    merged.text = "古籍保护中心3人"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "build",
    [as_text_dump, as_csv, lambda r: as_csv(r, "gbk"), as_xlsx, lambda r: as_xlsx(r, merge=False), as_docx],
    ids=["txt", "csv", "csv-gbk", "xlsx-merged", "xlsx", "docx-merged"],
)
def test_every_format_reads_the_same_table(build):
    small_expected(read_post_table(build(ROWS), "table"))


# ---------------------------------------------------------------- refused input

def refused(data: bytes, name: str = "bad.txt") -> str:
    with pytest.raises(TableImportError) as caught:
        read_post_table(data, name)
    return str(caught.value)


def with_cell(row: int, column: int, value: str):
    rows = [list(r) for r in ROWS]
    rows[row][column] = value
    return rows


@pytest.mark.parametrize("build", [as_text_dump, as_csv, as_xlsx], ids=["txt", "csv", "xlsx"])
def test_non_numeric_seats_names_place_and_field(build):
    message = refused(build(with_cell(1, 2, "两")))
    assert "设岗人数" in message and "“两”" in message
    assert ("第 " in message) and ("行" in message)


def test_error_positions_match_the_source():
    assert "第 3 行" in refused(as_csv(with_cell(1, 2, "abc")))  # header = row 1
    assert "第 22 行" in refused(as_text_dump(with_cell(1, 2, "abc")))  # after the note line 21


@pytest.mark.parametrize(
    ("row", "column", "value", "expected"),
    [
        (0, 2, "-1", "设岗人数不能为负数"),
        (0, 3, "2", "实聘人数 2 大于设岗人数 1"),
        (0, 3, "-1", "实聘人数不能为负数"),
        (0, 3, "很多", "实聘人数"),
        (2, 3, "4", "实聘人数 4 大于设岗人数 3"),
        (1, 1, "主任", "出现两次"),
        (0, 1, "", "岗位名称为空"),
    ],
)
def test_numbers_that_do_not_add_up_are_refused(row, column, value, expected):
    assert expected in refused(as_csv(with_cell(row, column, value)))


def test_first_row_without_department_is_refused():
    assert "部门" in refused(as_csv(with_cell(0, 0, "")))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "文件为空"),
        (b"   \n\n", "文件为空"),
        (b"\x00\x01\x02binary\x00" * 50, "二进制"),
        (b"PK\x03\x04garbage", "损坏"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Office"),
        (b"just some words\nno table here", "无法识别"),
        (bytes(range(128, 256)) * 4, "编码"),
    ],
)
def test_unreadable_files(data, expected):
    assert expected in refused(data)


def test_wrong_headers_name_the_missing_columns():
    data = "\ufeff部门,岗位设置,设岗人数\n办公室,主任,1\n".encode()
    message = refused(data, "x.csv")
    assert "表头缺少列" in message and "实聘人数" in message and "第 1 行" in message


def test_text_renamed_docx_is_read_as_text_and_docx_renamed_txt_as_docx():
    assert read_post_table(as_docx(ROWS), "table.txt").totals()["posts"] == 4


def test_zip_bomb_is_refused(monkeypatch):
    from hrflow.importers import office

    monkeypatch.setattr(office, "MAX_UNZIPPED_BYTES", 1000)
    assert "过大" in refused(as_xlsx(ROWS), "x.xlsx")


def test_truncated_last_row_imports_with_a_warning():
    data = as_text_dump(ROWS)
    cut = data[: data.rindex("\t1.做好借阅".encode())]
    table = read_post_table(cut, "cut.txt")
    assert table.totals()["posts"] == 4
    assert any("截断" in w and "阅览部/流通组" in w for w in table.warnings)


def test_row_missing_its_seats_is_refused():
    data = as_text_dump(ROWS)
    cut = data[: data.rindex("\t主任1名工作人员2名".encode())]
    assert "没有设岗人数" in refused(cut)


def test_a_headcount_that_differs_is_a_warning_not_a_fix():
    table = read_post_table(as_csv(with_cell(0, 0, "古籍保护中心5人")), "t.csv")
    assert table.departments[0].all_posts()[0].seats == 1
    assert any("标注 5人" in w and "设岗 3 人" in w for w in table.warnings)


def test_partly_filled_sub_unit_warns_which_seats_were_assumed():
    table = read_post_table(as_csv(with_cell(2, 3, "2")), "t.csv")
    assert [p.filled for p in table.departments[1].children[0].posts] == [1, 1]
    assert any("未写明哪个岗位空缺" in w for w in table.warnings)


def test_concurrent_holder_on_a_multi_seat_post_counts_one():
    table = read_post_table(as_csv(with_cell(1, 3, "由馆长兼任")), "t.csv")
    restorer = table.departments[0].posts[1]
    assert (restorer.filled, restorer.concurrent_holder) == (1, "馆长")
    assert any("只说明 1 人兼任" in w for w in table.warnings)
