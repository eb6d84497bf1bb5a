"""What an import may hold at most: a spreadsheet or Word file that unpacks to millions of cells or elements
is refused before any reader holds it (memory measured in a separate process), .csv and text files are
counted as they are read, and a number or text too large for its column is refused naming the row and the
column, on SQLite and PostgreSQL, with nothing written."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from hrflow.extensions import db
from hrflow.importers import TableImportError, limits, read_post_table
from hrflow.importers.model import MAX_NAME_LENGTH, MAX_NOTE_LENGTH, MAX_SEATS, MAX_TABLE_SEATS
from hrflow.importers.sheets import count_rows, read_sheet
from hrflow.models import Applicant, Appointment, Department, ImportBatch, Post, PostVersion
from hrflow.recruitment.applicants import import_applicants
from tests import test_recruitment_services as services
from tests import test_recruitment_web as web
from tests.test_import_formats import HEADER, ROWS, as_csv, as_docx, as_text_dump, as_xlsx, with_cell

ROOT = Path(__file__).resolve().parent.parent
as_hr, open_round = web.as_hr, web.open_round  # HR signed in on the demo, a round open for applicants
hr, round_ = services.hr, services.round_  # HR and a round open for applicants on the seed table
TOO_LARGE = "99999999999999999999"


# ---------------------------------------------------------------- a workbook written by hand

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"""
PACKAGE_RELS = b"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = b"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = b"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""
SHEET_START = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def workbook(sheet_data: Iterable[bytes], *, before: bytes = b"", prologue: bytes = b"") -> bytes:
    """An .xlsx file whose sheet XML is `sheet_data`, written chunk by chunk and deflated: small on disk
    however large it unpacks. `before` goes ahead of <sheetData> (a <dimension>), `prologue` ahead of the
    root element."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(prologue + SHEET_START + before + b"<sheetData>")
            for chunk in sheet_data:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def text_row(number: int, *texts: str) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{t}</t></is></c>' for t in texts)
    return f'<row r="{number}">{cells}</row>'.encode()


def one_row_of_empty_cells(cells: int) -> Iterable[bytes]:
    yield b"<row>"
    for _ in range(cells // 100_000):
        yield b"<c/>" * 100_000
    yield b"</row>"


def rows_of_values(rows: int, cells: int) -> Iterable[bytes]:
    row = b"<row>" + b"<c><v>7</v></c>" * cells + b"</row>"
    for _ in range(rows):
        yield row


def refused(read, *args, **kwargs) -> str:
    with pytest.raises(TableImportError) as error:
        read(*args, **kwargs)
    return str(error.value)


# ---------------------------------------------------------------- bombs, in a process of their own

# Runs the readers the upload pages call (count_rows decides whether a sheet goes to a background job, then
# read_sheet reads applicants, staff, scores or grades; read_post_table reads a post table) and reports how
# far the process grew: its peak resident size (VmHWM; getrusage's would count the parent's from before
# exec) over its size before reading. Capped at 2 GB so that a reader that does hold the file fails instead
# of swapping.
MEASURE = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
import docx, openpyxl
from hrflow.importers import TableImportError, read_post_table
from hrflow.importers.sheets import count_rows, read_sheet

def status_mb(field):
    line = next(line for line in open("/proc/self/status") if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024

data = open(sys.argv[1], "rb").read()
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")  # the peak so far (imports) is not the readers'
before = status_mb("VmRSS")
answers = []
for read in (lambda: count_rows(data, "bomb.xlsx"), lambda: read_sheet(data, "bomb.xlsx", ("姓名",)),
             lambda: read_post_table(data, "bomb.xlsx")):
    try:
        read()
        answers.append("read")
    except TableImportError as error:
        answers.append(str(error))
print(json.dumps({"growth_mb": status_mb("VmHWM") - before, "answers": answers}))
"""


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        (lambda: one_row_of_empty_cells(5_000_000), "这一行的内容过多"),  # 20 MB of <c/>: 5 million cells
        (lambda: rows_of_values(2_000, 2_500), "表格超过 1,000,000 个单元格"),  # 75 MB: 5 million values
    ],
    ids=["one-row-of-millions", "thousands-of-rows"],
)
def test_a_small_sheet_that_unpacks_to_millions_of_cells_is_refused_in_bounded_memory(tmp_path, shape, expected):
    bomb = workbook(shape())  # no <dimension>: nothing says how big it is until it is read
    assert len(bomb) < 200_000
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert all(expected in answer for answer in result["answers"]), result["answers"]
    assert result["growth_mb"] < 100, result


# ---------------------------------------------------------------- bombs of other shapes

def test_a_declared_size_past_the_limits_is_refused_before_any_row_is_read():
    everything = workbook([text_row(1, "姓名")], before=b'<dimension ref="A1:XFD1048576"/>')
    assert limits.TOO_MANY_ROWS in refused(read_sheet, everything, "a.xlsx", ("姓名",))
    wide = workbook([text_row(1, "姓名")], before=b'<dimension ref="A1:XFD100"/>')  # 100 rows of 16,384 cells
    assert limits.TOO_MANY_CELLS in refused(read_sheet, wide, "a.xlsx", ("姓名",))


def test_rows_count_as_far_as_their_number_and_cells_as_far_as_the_last_one():
    far_down = workbook([text_row(1, "姓名"), b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'])
    assert limits.TOO_MANY_ROWS in refused(count_rows, far_down, "a.xlsx")
    far_right = workbook(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>'.encode() for n in range(1, 101))
    assert limits.TOO_MANY_CELLS in refused(read_sheet, far_right, "a.xlsx", ("姓名",))


def test_a_cell_of_endless_rich_text_is_refused_for_its_row():
    runs = b"<r><t>x</t></r>" * (limits.MAX_ROW_ELEMENTS // 2)  # two elements each, with c, is and row past the limit
    rich = workbook([text_row(1, "姓名"), b'<row r="2"><c t="inlineStr"><is>' + runs + b"</is></c></row>"])
    assert "第 2 行：这一行的内容过多" in refused(read_sheet, rich, "a.xlsx", ("姓名",))


def test_a_dtd_and_damaged_xml_are_refused():
    laughs = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "<c/><c/><c/><c/>">]>'
    assert "DTD" in refused(read_sheet, workbook([b"<row>&a;</row>"], prologue=laughs), "a.xlsx", ("姓名",))
    assert "不是有效的 XML" in refused(read_sheet, workbook([b"<row><c></row>"]), "a.xlsx", ("姓名",))


def test_white_space_ahead_of_the_xml_does_not_hide_it():
    padded = workbook(one_row_of_empty_cells(100_000), prologue=b" " * 100_000)
    assert "这一行的内容过多" in refused(read_sheet, padded, "a.xlsx", ("姓名",))


def test_a_word_file_of_a_million_paragraphs_is_refused():
    honest = zipfile.ZipFile(io.BytesIO(as_docx(ROWS)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in honest.infolist():
            content = honest.read(member)
            if member.filename == "word/document.xml":
                content = content.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * (limits.MAX_HELD_ELEMENTS + 1))
            bomb.writestr(member, content)
    assert len(buffer.getvalue()) < 100_000
    assert "可能是压缩炸弹" in refused(read_post_table, buffer.getvalue(), "a.docx")


def test_pictures_and_other_binary_parts_do_not_stop_an_honest_file():
    honest = zipfile.ZipFile(io.BytesIO(as_xlsx(ROWS)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as with_picture:
        for member in honest.infolist():
            with_picture.writestr(member, honest.read(member))
        with_picture.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert read_post_table(buffer.getvalue(), "a.xlsx").totals()["posts"] == 4


def test_limits_are_exact_for_every_format(monkeypatch):
    """As many rows as the limit allows are read; one more is refused (header included, in .xlsx and .csv)."""
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    names = [["姓名"]] + [[f"甲{n}"] for n in range(4)]
    book = openpyxl.Workbook()
    for row in names:
        book.active.append(row)
    xlsx = io.BytesIO()
    book.save(xlsx)
    csv_text = "\n".join(row[0] for row in names).encode()
    for data in (xlsx.getvalue(), csv_text):
        assert len(read_sheet(data, "a", ("姓名",))) == 4 and count_rows(data, "a") == 4
    book.active.append(["乙"])
    xlsx = io.BytesIO()
    book.save(xlsx)
    for data in (xlsx.getvalue(), csv_text + "\n乙".encode()):
        assert limits.TOO_MANY_ROWS in refused(read_sheet, data, "a", ("姓名",))


def test_csv_and_text_files_are_counted_as_they_are_read():
    lines = ("姓名\n" + "甲\n" * limits.MAX_ROWS).encode()
    assert f"第 {limits.MAX_ROWS + 1:,} 行".replace(",", "") in refused(read_sheet, lines, "a.csv", ("姓名",))
    wide = ("姓名" + "," * limits.MAX_CELLS).encode()
    assert limits.TOO_MANY_CELLS in refused(read_sheet, wide, "a.csv", ("姓名",))
    empty_rows = ",".join(HEADER).encode() + b"\n" * (limits.MAX_ROWS + 1)
    assert limits.TOO_MANY_ROWS in refused(read_post_table, empty_rows, "a.csv")
    dump = "\t部门".encode() + b"\n" * limits.MAX_TEXT_LINES
    assert f"超过 {limits.MAX_TEXT_LINES:,} 行" in refused(read_post_table, dump, "a.txt")


def test_bombs_uploaded_to_the_pages_get_the_page_with_the_message(as_hr, open_round):
    bomb = workbook(one_row_of_empty_cells(1_000_000))
    recruiting = open_round()
    for url, field in ((f"/recruitment/{recruiting.id}/applicants/import", "sheet"), ("/posts/import", "table")):
        response = as_hr.post(url, data={field: (io.BytesIO(bomb), "报名.xlsx")}, content_type="multipart/form-data")
        assert response.status_code == 422
        assert "报名.xlsx，第 1 行：这一行的内容过多" in web.text(response)
    assert db.session.scalar(select(func.count()).select_from(Applicant)) == 0


# ---------------------------------------------------------------- numbers and texts too large

def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (Department, Post, PostVersion, Appointment, ImportBatch))


@pytest.mark.parametrize(
    ("build", "row", "name", "shown"),
    [
        (as_text_dump, None, "岗位表.txt", TOO_LARGE),
        (as_xlsx, "第 2 行", "岗位表.xlsx", "100000000000000000000"),  # a number in Excel is a double: 1e+20
        (as_csv, "第 2 行", "岗位表.csv", TOO_LARGE),
    ],
    ids=["txt", "xlsx", "csv"],
)
def test_seats_too_large_for_the_column_are_refused_naming_row_and_column(client, make_user, login, build, row, name,
                                                                          shown):
    """Past 2,147,483,647 the number does not fit PostgreSQL's integer (and past 2**63 not SQLite's): the
    import used to answer 500."""
    login(make_user("hr"))
    data = build(with_cell(0, 2, TOO_LARGE))
    if row is None:  # the text dump numbers the line of the cell
        row = f"第 {data.decode().split(chr(10)).index(chr(9) + TOO_LARGE) + 1} 行"
    before = counts()
    response = client.post("/posts/import", data={"table": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert f"{name}，{row}，设岗人数：设岗人数“{shown}”超出范围（每个岗位最多 9,999 人）" in web.text(response)
    assert counts() == before


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ((0, 2, str(MAX_SEATS + 1)), "设岗人数：设岗人数“10000”超出范围"),
        ((0, 2, "9" * 5000), "设岗人数：设岗人数“999999999999999999999999999999…”超出范围"),  # int() refuses 4,300 digits
        ((2, 2, f"主任1名工作人员{TOO_LARGE}名"), "设岗人数：设岗人数“主任1名工作人员99999999999999999999名”超出范围"),
        ((0, 0, f"古籍保护中心{TOO_LARGE}人"), f"部门：部门人数“{TOO_LARGE}人”超出范围"),
        ((0, 3, TOO_LARGE), f"实聘人数：实聘人数 {TOO_LARGE} 大于设岗人数 1"),
        ((0, 0, "部" * (MAX_NAME_LENGTH + 1)), "部门：部门名称过长（101 字，最多 100 字）"),
        ((0, 1, "主" * (MAX_NAME_LENGTH + 1)), "岗位设置：岗位名称过长（101 字，最多 100 字）"),
        ((0, 1, f"主任（{'注' * (MAX_NOTE_LENGTH + 1)}）"), "岗位设置：岗位名称括号中的说明过长（201 字，最多 200 字）"),
        ((0, 3, f"由{'副' * MAX_NAME_LENGTH}兼任"), "实聘人数：实聘人数过长（103 字，最多 100 字）"),
        ((2, 2, f"{'组' * (MAX_NAME_LENGTH + 1)}1名"), "设岗人数：岗位名称过长（101 字，最多 100 字）"),
    ],
    ids=["seats", "thousands-of-digits", "composition", "headcount", "filled", "department", "post", "note",
         "holder", "composition-post"],
)
def test_numbers_and_texts_past_their_columns_are_refused_naming_row_and_column(cell, expected):
    message = refused(read_post_table, as_csv(with_cell(*cell)), "t.csv")
    assert message.startswith(f"t.csv，第 {cell[0] + 2} 行，") and expected in message, message


def test_the_largest_numbers_and_texts_that_fit_are_read():
    rows = with_cell(0, 2, str(MAX_SEATS))
    rows[0][0] = "部" * MAX_NAME_LENGTH
    rows[0][1] = "主" * MAX_NAME_LENGTH
    assert read_post_table(as_csv(rows), "t.csv").departments[0].posts[0].seats == MAX_SEATS


def test_all_seats_of_a_table_together_are_bounded():
    """Each filled seat becomes an incumbent record: a table of many posts of 9,999 would write millions."""
    rows = [["办公室", f"岗位{n}", str(MAX_SEATS), "0", "", "", ""] for n in range(MAX_TABLE_SEATS // MAX_SEATS + 1)]
    assert f"设岗人数：全表设岗人数合计超过 {MAX_TABLE_SEATS:,} 人" in refused(read_post_table, as_csv(rows), "t.csv")


def test_a_long_sentence_above_a_table_is_no_department_alias():
    sentence = "根据上级文件精神，" * 20 + "岗位设置"
    table = read_post_table(as_text_dump(ROWS).replace("古籍保护中心岗位职责及岗位设置".encode(), sentence.encode()),
                            "t.txt")
    assert table.departments[0].alias is None


def test_the_text_limits_are_the_database_columns():
    assert MAX_NAME_LENGTH == Department.name.type.length == Department.alias.type.length == Post.key.type.length
    assert MAX_NAME_LENGTH == PostVersion.name.type.length == PostVersion.filled_text.type.length
    assert MAX_NAME_LENGTH == Appointment.holder_note.type.length
    assert MAX_NOTE_LENGTH == PostVersion.note.type.length


def applicant_sheet(**cells: str) -> bytes:
    row = {"姓名": "陈喆", "性别": "女", "出生日期": "1990-07-01", "学历": "本科", "学位": "学士", "专业": "汉语言文学",
           "学习形式": "全日制", "职称": "", "证书": "", "工作年限": "3", "应聘岗位": "办公室/办证咨询", **cells}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(services.HEADER)
    writer.writerow([row[column] for column in services.HEADER])
    return buffer.getvalue().encode()


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"工作年限": TOO_LARGE}, f"第 2 行，工作年限：“{TOO_LARGE}”超出范围（应为 0 到 60 年）"),
        ({"工作年限": "61"}, "第 2 行，工作年限：“61”超出范围"),
        ({"姓名": "陈" * 51}, "第 2 行，姓名：过长（51 字，最多 50 字）"),
        ({"专业": "汉" * 101}, "第 2 行，专业：过长（101 字，最多 100 字）"),
    ],
    ids=["years-huge", "years", "name", "major"],
)
def test_applicant_values_past_their_columns_are_refused_and_nothing_is_written(round_, hr, cells, expected):
    assert expected in refused(import_applicants, round_, applicant_sheet(**cells), "报名.csv", actor=hr)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Applicant)) == 0


def test_applicant_values_that_fit_are_imported(round_, hr):
    assert import_applicants(round_, applicant_sheet(工作年限="60", 姓名="陈" * 50), "报名.csv", actor=hr) == 1
