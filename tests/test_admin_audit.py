"""The audit log in words: every recorded action has a label in both languages, unknown codes show as
they are, and the filtered log can be taken away as a spreadsheet."""

import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hrflow.admin.actions import ACTION_LABELS
from hrflow.extensions import db
from hrflow.models import AuditLog

HRFLOW = Path(__file__).parent.parent / "hrflow"
RECORDED_ACTION = re.compile(r"audit\.record\(\s*\w+,\s*\"([a-z_]+\.[a-z_]+)\"")


def recorded_actions() -> set[str]:
    """Every action code the code writes to the audit log."""
    return {code for path in HRFLOW.rglob("*.py") for code in RECORDED_ACTION.findall(path.read_text("utf-8"))}


def test_every_action_the_code_records_has_a_label():
    actions = recorded_actions()
    assert {"users.create", "posts.edit", "posts.import", "recruitment.appoint", "assessment.grade"} <= actions
    assert sorted(actions - set(ACTION_LABELS)) == []


def test_every_label_is_translated(app):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        untranslated = [code for code, label in ACTION_LABELS.items() if re.search(r"[\u4e00-\u9fff]", str(label))]
    assert untranslated == []


@pytest.fixture
def log(make_user):
    admin = make_user("admin", username="root-admin")
    entries = [
        AuditLog(actor="hr1", action="users.create", summary="创建用户 zhang（员工）", at=datetime(2025, 1, 6, 1, 0)),
        AuditLog(actor="hr1", action="posts.edit", summary="修改岗位 主任", reason="=HYPERLINK(\"http://x\")",
                 object_type="Post", object_id=7, details={"before": {"seats": 1}, "after": {"seats": 2}},
                 at=datetime(2025, 1, 6, 17, 30)),  # 1:30 on the 7th in Beijing
        AuditLog(actor="cli", action="legacy.thing", summary="+1 旧版本的记录", at=datetime(2025, 1, 8, 3, 0)),
    ]
    db.session.add_all(entries)
    db.session.commit()
    return admin


def test_the_table_and_the_filter_show_labels_not_codes(client, login, log):
    login(log)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert '<span class="audit-action" title="users.create">创建用户</span>' in page
    assert '<span class="audit-action" title="posts.edit">修改岗位</span>' in page
    assert '<span class="audit-action" title="legacy.thing">legacy.thing</span>' in page  # unknown: the code itself
    assert '<option value="posts.edit">修改岗位</option>' in page
    filtered = client.get("/admin/audit?action=posts.edit").get_data(as_text=True)
    assert '<option selected value="posts.edit">修改岗位</option>' in filtered and "创建用户 zhang" not in filtered

    client.post("/language/en", data={"next": "/"})
    page = client.get("/admin/audit").get_data(as_text=True)
    assert ">Create user</span>" in page and ">Edit post</span>" in page
    assert '<option value="users.create">Create user</option>' in page


def test_the_export_link_carries_the_filters_but_not_the_page(client, login, log):
    login(log)
    page = client.get("/admin/audit?action=posts.edit&actor=hr1&page=1").get_data(as_text=True)
    assert 'href="/admin/audit.xlsx?action=posts.edit&amp;actor=hr1"' in page


def _sheet(response):
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_the_export_has_every_filtered_row_in_words_and_local_time(app, client, login, log):
    login(log)
    app.config["PAGE_SIZE"] = 1  # the export is not one page of the list
    try:
        header, rows = _sheet(client.get("/admin/audit.xlsx"))
    finally:
        app.config["PAGE_SIZE"] = 50
    assert header == ("时间", "操作人", "操作", "操作代码", "对象", "摘要", "原因", "详情")
    assert [row[3] for row in rows] == ["legacy.thing", "posts.edit", "users.create"]  # newest first, as on the page
    legacy, edit, create = rows
    assert edit[0] == datetime(2025, 1, 7, 1, 30) and create[0] == datetime(2025, 1, 6, 9, 0)
    assert (edit[2], create[2], legacy[2]) == ("修改岗位", "创建用户", "legacy.thing")
    assert edit[4] == "Post #7" and '"seats": 2' in edit[7]
    # Text Excel would run as a formula is stored as text.
    assert edit[6] == "'=HYPERLINK(\"http://x\")" and legacy[5] == "'+1 旧版本的记录"

    _, only = _sheet(client.get("/admin/audit.xlsx?action=posts.edit"))
    assert [row[3] for row in only] == ["posts.edit"]
    # Days are the reader's: the edit at 17:30 UTC on the 6th belongs to the 7th in Beijing.
    _, seventh = _sheet(client.get("/admin/audit.xlsx?since=2025-01-07&until=2025-01-07"))
    assert [row[3] for row in seventh] == ["posts.edit"]


def test_the_export_stays_chinese_for_an_english_reader(client, login, log):
    login(log)
    client.post("/language/en", data={"next": "/"})
    header, rows = _sheet(client.get("/admin/audit.xlsx?action=users.create"))
    assert header[0] == "时间" and rows[0][2] == "创建用户"
