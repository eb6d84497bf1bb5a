"""The post table written to .xlsx/.docx reads back to the same posts (round trip)."""

import io

import openpyxl
import pytest

from hrflow.demo import wipe
from hrflow.extensions import db
from hrflow.models import SYSTEM
from hrflow.posts.export import export_docx, export_xlsx
from hrflow.posts.importing import import_post_table
from hrflow.posts.queries import find_post
from hrflow.posts.seats import stats
from hrflow.spreadsheets import neutralise
from tests.test_import_seed import SEED_TOTALS


def content_snapshot():
    from sqlalchemy import select

    from hrflow.models import Post

    return sorted(
        (p.path, p.current.note, p.current.seats, p.current.recruitable, p.current.duties, p.current.requirements,
         p.current.standard)
        for p in db.session.scalars(select(Post))
    )


@pytest.mark.parametrize(("export", "name"), [(export_xlsx, "table.xlsx"), (export_docx, "table.docx")])
def test_round_trip(seeded, export, name):
    before = content_snapshot()
    data = export()
    wipe()
    db.session.commit()
    report = import_post_table(data, name, actor=SYSTEM)
    db.session.commit()
    assert stats() == SEED_TOTALS
    assert content_snapshot() == before
    assert find_post("办公室/主任").current.filled_text == "由副书记兼任"
    assert not any("截断" in w for w in report.warnings)


def test_xlsx_merges_department_cells(seeded):
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx())).active
    assert [c.value for c in sheet[1]] == ["部门", "岗位设置", "设岗人数", "实聘人数", "岗位职责", "任职条件", "考核标准"]
    assert "A2:A6" in {str(r) for r in sheet.merged_cells.ranges}  # 办公室's five posts
    assert sheet["A2"].value == "办公室6人"


@pytest.mark.parametrize(("value", "safe"), [("=1+1", "'=1+1"), ("+86", "'+86"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
                                             ("正常", "正常"), (3, 3)])
def test_formula_injection_is_neutralised(value, safe):
    assert neutralise(value) == safe


def test_exported_cells_that_look_like_formulas_stay_text(seeded, make_user):
    from hrflow.posts.operations import edit_post

    post = find_post("采编部/工作人员")
    edit_post(post, {"duties": ["=HYPERLINK(\"http://x\")"]}, actor=make_user("hr"), reason="测试")
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx())).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "'=HYPERLINK(\"http://x\")" in values
