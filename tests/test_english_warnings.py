"""A reader who chose English reads the special cases' reasons (考核规定 第三十七、四十一、四十二条) and the post
table import's warnings in English; the stored Chinese text stays as it was. Only names (employees, departments,
posts, what the table itself wrote) stay as written."""

from __future__ import annotations

import io
import re
from datetime import date

import lxml.html
from sqlalchemy import select

from hrflow.assessment import grading, queries, records
from hrflow.extensions import db
from hrflow.importers import read_post_table
from hrflow.models import ImportBatch, SpecialCase
from hrflow.posts.importing import import_post_table
from tests.assessment_support import build_unit, open_2025
from tests.test_import_formats import ROWS, as_csv, as_text_dump

CJK = re.compile(r"[\u3001\u3400-\u9fff\uff08\uff09\uff1a\uff1b\uff0c\u201c\u201d]")


def in_english(client, login, user):
    login(user)
    client.post("/language/en", data={"next": "/"})


def without(text: str, names) -> str:
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return text


def form_of(cycle, employee):
    return next(f for f in queries.department_assessments(cycle) if f.employee_id == employee.id)


def test_special_case_reasons_found_from_the_records_read_in_english(client, login):
    unit = build_unit(children_staff=3, circulation_staff=0, office_staff=0)
    sick, suspect = unit.staff[1], unit.staff[2]
    newcomer = unit.hire(unit.children_staff, hired_on=date(2025, 9, 1))
    records.add_leave(sick, "sick", date(2025, 1, 1), date(2025, 8, 31), actor=unit.hr)
    records.open_investigation(suspect, date(2025, 10, 1), actor=unit.hr)
    cycle = open_2025(unit)
    # The stored text is the Chinese the rules always wrote.
    assert form_of(cycle, newcomer).special_case_reason == (
        "入职日期 2025-09-01，距考核基准日 2025-12-31 不满半年：只写评语，不定等次")
    assert form_of(cycle, sick).special_case_reason.startswith("2025 年病假累计 243 天，超过半年")

    in_english(client, login, unit.hr)
    page = lxml.html.fromstring(client.get(f"/assessment/{cycle.year}").get_data(as_text=True))
    table = page.xpath("//h2[@id='special']/following::table[1]")[0]
    reasons = [row.xpath("./td")[3].text_content().strip() for row in table.xpath(".//tbody/tr")]
    assert len(reasons) == 3 and all(reasons)
    assert [r for r in reasons if CJK.search(r)] == []
    joined = "\n".join(reasons)
    assert "Joined on 2025-09-01, less than half a year before the assessment reference date 2025-12-31" in joined
    assert "Sick leave in 2025 add up to 243 days" in joined and "Article 41" in joined
    assert "Under formal investigation since 2025-10-01" in joined and "Article 42" in joined

    form = client.get(f"/assessment/forms/{form_of(cycle, newcomer).id}").get_data(as_text=True)
    assert "comments only, no grade" in form and "不满半年" not in form


def test_a_reason_hr_typed_shows_as_typed_and_forgets_the_old_wording(client, login):
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    newcomer = unit.hire(unit.children_staff, hired_on=date(2025, 9, 1))
    cycle = open_2025(unit)
    assessment = form_of(cycle, newcomer)
    assert assessment.special_reason_said  # the rules' wording is kept beside the text
    grading.flag_special_case(assessment, SpecialCase.NOT_GRADED, actor=unit.hr, reason="长期借调外单位")
    db.session.commit()
    db.session.expire_all()
    assessment = form_of(cycle, newcomer)
    assert (assessment.special_case_reason, assessment.special_reason_said) == ("长期借调外单位", None)
    in_english(client, login, unit.hr)
    page = client.get(f"/assessment/{cycle.year}").get_data(as_text=True)
    assert "长期借调外单位" in page and "less than half a year" not in page


def test_people_outside_the_assessment_are_told_why_in_english(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    late = unit.hire(unit.children_staff, hired_on=date(2026, 1, 5))
    db.session.commit()
    [outside] = [p for p in queries.non_participants(cycle) if p.staff_no == late.staff_no]
    assert outside.reason == "考核基准日 2025-12-31 无主岗（无在岗岗位）"  # appointed after the cycle date
    in_english(client, login, unit.hr)
    page = lxml.html.fromstring(client.get(f"/assessment/{cycle.year}").get_data(as_text=True))
    table = page.xpath("//h2[@id='outside']/following::table[1]")[0]
    assert [row.xpath("./td")[2].text_content().strip() for row in table.xpath(".//tbody/tr")] == [
        "No main post on the assessment reference date 2025-12-31 (no post held)"]


def warned_rows():
    rows = [list(r) for r in ROWS]
    rows[0][0] = "古籍保护中心5人"  # the department's label disagrees with its posts
    rows[1][3] = "由馆长兼任"  # two seats, one concurrent holder
    rows[2][3] = "2"  # a sub-unit partly filled
    return rows


def test_import_warnings_read_in_english_on_the_preview_and_the_dashboard(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    data = as_csv(warned_rows())
    in_english(client, login, unit.hr)
    preview = client.post("/posts/import", data={"table": (io.BytesIO(data), "t.csv")},
                          content_type="multipart/form-data")
    assert preview.status_code == 200
    items = lxml.html.fromstring(preview.get_data(as_text=True)).xpath("//div[contains(@class, 'alert-warning')]//li")
    shown = [li.text_content().strip() for li in items]

    report = import_post_table(data, "t.csv", actor=unit.hr)
    db.session.commit()
    assert any("标注 5人" in w and "设岗 3 人" in w for w in report.warnings)  # the Chinese stays as it was
    batch = db.session.scalar(select(ImportBatch).order_by(ImportBatch.id.desc()))
    assert batch.report["warnings"] == report.warnings and len(batch.report["warnings_said"]) == len(report.warnings)
    home = lxml.html.fromstring(client.get("/dashboard/").get_data(as_text=True))
    listed = [li.text_content().strip() for li in home.xpath("//*[@id='import-warnings']//li")]

    names = ["古籍保护中心", "阅览部", "流通组", "修复师", "主任", "工作人员", "由馆长兼任", *report.missing]
    for warnings in (shown, listed):
        assert len(warnings) == len(report.warnings) >= 5
        assert [w for w in warnings if CJK.search(without(w, names))] == []
        text = "\n".join(warnings)
        assert 'department "古籍保护中心" is marked 5 people, but its posts add up to 3 seats' in text
        assert "row 3: \"由馆长兼任\" names only 1 concurrent holder" in text
        assert "counted in the listed order as 主任 1, 工作人员 1, please check" in text
        assert "posts have no post category" in text and "not in this table (kept, not deleted)" in text


def test_a_truncated_row_names_its_missing_columns_in_english(app):
    data = as_text_dump(ROWS)
    table = read_post_table(data[: data.rindex("\t1.做好借阅".encode())], "cut.txt")
    [warning] = [w for w in table.warnings if "截断" in w]
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("en"):
        english = warning.translated(gettext)
    assert english.startswith("The file breaks off in the row starting at row ")
    assert "(阅览部/流通组): Duties, " in english and not CJK.search(without(english, ["阅览部", "流通组"]))
