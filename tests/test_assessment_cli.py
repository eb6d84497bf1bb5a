"""`hrflow assessment open/export/import/status` as in ../shared/docs/cli.md: JSON shapes, the Excel
round trip, imports refused whole naming row and column, one-line errors."""

import io
import json
from datetime import date

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from hrflow.assessment import figures, grading, queries
from hrflow.extensions import db
from hrflow.models import SYSTEM, Assessment, AuditLog, CycleStatus, FormStatus, Grade, SpecialCase, User
from tests.assessment_support import build_unit, open_2025, to_decision


def run(runner, *args):
    return runner.invoke(args=list(args), catch_exceptions=False)


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    return lines[0]


def grades() -> dict[str, str | None]:
    db.session.expire_all()
    return {a.employee.staff_no: a.grade for a in db.session.scalars(select(Assessment))}


def sheet_bytes(rows: list[list], header=("工号", "姓名", "部门", "岗位", "等次", "评语")) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def decision_unit(children_staff=9):
    unit = build_unit(children_staff=children_staff, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    db.session.commit()
    return unit, cycle


def test_open_json(runner):
    unit = build_unit(children_staff=3, circulation_staff=1, office_staff=0)
    newcomer = unit.hire(unit.children_staff, name="新来的", hired_on=date(2025, 9, 1))
    db.session.commit()
    result = run(runner, "assessment", "open", "2025", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {"participants", "excellent_quota", "excluded"} <= set(document)
    # 第十五条: the newcomer (comments only) counts in the base too
    assert document["participants"] == 6 and document["quota_base"] == 6 and document["excellent_quota"] == 1
    assert document["excluded"] == [{"name": newcomer.name, "staff_no": newcomer.staff_no,
                                     "reason": "入职日期 2025-09-01，距考核基准日 2025-12-31 不满半年：只写评语，不定等次"}]
    assert queries.get_cycle(2025).status == CycleStatus.OPEN
    assert db.session.scalar(select(AuditLog.actor).where(AuditLog.action == "assessment.open")) == "cli"


def test_open_twice_and_bad_years_are_one_line_errors(runner):
    build_unit()
    assert run(runner, "assessment", "open", "2025", "--cycle-date", "2025-11-30").exit_code == 0
    assert queries.get_cycle(2025).cycle_date.isoformat() == "2025-11-30"
    assert one_line_error(run(runner, "assessment", "open", "2025")) == "错误：2025 年度考核已经开启"
    assert "年度" in one_line_error(run(runner, "assessment", "open", "1850"))
    assert one_line_error(run(runner, "assessment", "status", "2024")) == "错误：还没有开启 2024 年度考核"


def test_open_prints_people_left_out(runner):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    unit.staff[1].appointments[0].kind = "concurrent"
    db.session.commit()
    result = run(runner, "assessment", "open", "2025")
    assert result.exit_code == 0
    assert "参加 1 人" in result.stdout and "优秀名额 0 人" in result.stdout
    assert f"{unit.staff[1].name}（{unit.staff[1].staff_no}）：考核基准日 2025-12-31 无主岗" in result.stdout


def test_status_json(runner):
    unit, cycle = decision_unit()
    forms = queries.department_assessments(cycle)
    grading.decide_grades(cycle, [(forms[0], Grade.EXCELLENT), (forms[1], Grade.BASIC), (forms[2], Grade.COMPETENT)],
                           actor=SYSTEM)
    grading.flag_special_case(forms[3], SpecialCase.DEFERRED, actor=SYSTEM, reason="调查中")
    db.session.commit()
    document = json.loads(run(runner, "assessment", "status", "2025", "--json").stdout)
    assert {"participants", "excellent_quota", "graded"} <= set(document)
    # 第十五条: the deferred person still counts in the base (10 × 20% = 2)
    assert (document["participants"], document["quota_base"], document["excellent_quota"]) == (10, 10, 2)
    assert document["graded"] == {"优秀": 1, "合格": 1, "基本合格": 1, "不合格": 0}
    assert document["status"] == "decision" and document["progress"]["head_submitted"] == 10
    text = run(runner, "assessment", "status", "2025").stdout
    assert "等次评定" in text and "优秀 1，合格 1，基本合格 1，不合格 0" in text


def test_export_lists_every_participant_and_neutralises_formulas(runner, tmp_path):
    unit = build_unit(children_staff=2, circulation_staff=1, office_staff=0)
    unit.staff[1].name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grading.decide_grade(queries.department_assessments(cycle)[1], Grade.COMPETENT, actor=SYSTEM)
    db.session.commit()
    target = tmp_path / "2025.xlsx"
    result = run(runner, "assessment", "export", "2025", "-o", str(target))
    assert result.exit_code == 0
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == ("工号", "姓名", "部门", "岗位", "等次", "评语")
    assert len(rows) == 1 + 4
    assert [r[2] for r in rows[1:]] == ["少儿部", "少儿部", "少儿部", "成人部/流通部"]
    assert [r[3] for r in rows[1:]] == ["主任", "工作人员", "工作人员", "工作人员"]  # table order
    by_no = {r[0]: r for r in rows[1:]}
    assert by_no[unit.staff[1].staff_no][1] == "'=HYPERLINK(\"http://x\")"
    graded = [r for r in rows[1:] if r[4]]
    assert [r[4] for r in graded] == ["合格"] and graded[0][5] == "工作认真"


def test_import_round_trip(runner, tmp_path):
    unit, cycle = decision_unit()
    exported = tmp_path / "2025.xlsx"
    run(runner, "assessment", "export", "2025", "-o", str(exported))
    workbook = load_workbook(exported)
    sheet = workbook.active
    for number, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        row[4].value = {2: "优秀", 3: "优秀", 4: "基本合格", 5: ""}.get(number, "合格")
    workbook.save(exported)
    result = run(runner, "assessment", "import", "2025", str(exported))
    assert result.exit_code == 0, result.output
    assert "9 人的等次有变化" in result.stdout and "优秀 2/2" in result.stdout
    assert sorted(g or "" for g in grades().values()) == sorted(
        ["excellent", "excellent", "basic", ""] + ["competent"] * 6)
    assert db.session.scalar(select(AuditLog.summary).where(AuditLog.action == "assessment.import")).endswith(
        "9 人的等次有变化")


def test_import_over_the_quota_is_refused_whole_naming_row_and_quota(runner, tmp_path):
    unit, cycle = decision_unit()
    staff = [f.employee for f in queries.department_assessments(cycle)]
    rows = [[e.staff_no, e.name, "", "", "合格"] for e in staff]
    for index in (1, 4, 7):
        rows[index][4] = "优秀"
    path = tmp_path / "grades.xlsx"
    path.write_bytes(sheet_bytes(rows))
    error = one_line_error(run(runner, "assessment", "import", "2025", str(path)))
    assert error.startswith("错误：grades.xlsx，第 9 行，等次：优秀等次超出名额：2025 年度优秀名额 2 人")
    assert all(g is None for g in grades().values())


def test_import_counts_the_excellent_already_decided(runner, tmp_path):
    unit, cycle = decision_unit()
    forms = queries.department_assessments(cycle)
    grading.decide_grades(cycle, [(forms[0], Grade.EXCELLENT), (forms[1], Grade.EXCELLENT)], actor=SYSTEM)
    db.session.commit()
    path = tmp_path / "grades.xlsx"
    path.write_bytes(sheet_bytes([[forms[5].employee.staff_no, "", "", "", "优秀"]]))
    assert "第 2 行，等次：优秀等次超出名额" in one_line_error(run(runner, "assessment", "import", "2025", str(path)))
    path.write_bytes(sheet_bytes([[forms[0].employee.staff_no, "", "", "", "合格"],
                                  [forms[5].employee.staff_no, "", "", "", "优秀"]]))
    assert run(runner, "assessment", "import", "2025", str(path)).exit_code == 0  # a place freed in the same file


def test_import_refuses_unknown_people_and_grades_whole(runner, tmp_path):
    unit, cycle = decision_unit(children_staff=2)
    known = [f.employee for f in queries.department_assessments(cycle)]
    good = [known[0].staff_no, known[0].name, "", "", "合格"]
    cases = [
        ([good, ["X999", "无名氏", "", "", "合格"]], "第 3 行，工号：工号“X999”不是 2025 年度考核的参加人员"),
        ([good, [known[1].staff_no, "", "", "", "良好"]], "第 3 行，等次：“良好”不是等次（优秀、合格、基本合格、不合格）"),
        ([good, [known[1].staff_no, "别人", "", "", "合格"]], "第 3 行，姓名：姓名“别人”与工号"),
        ([good, good], "第 3 行，工号：工号 " + known[0].staff_no + " 与第 2 行重复"),
    ]
    path = tmp_path / "grades.xlsx"
    for rows, message in cases:
        path.write_bytes(sheet_bytes(rows))
        assert message in one_line_error(run(runner, "assessment", "import", "2025", str(path)))
        assert all(g is None for g in grades().values())  # the good first row was not written either
    path.write_bytes(sheet_bytes([good], header=("姓名", "等次")))
    assert "表头缺少列：工号" in one_line_error(run(runner, "assessment", "import", "2025", str(path)))


def test_import_refuses_a_grade_for_a_special_case(runner, tmp_path):
    unit, cycle = decision_unit(children_staff=2)
    form = queries.department_assessments(cycle)[1]
    grading.flag_special_case(form, SpecialCase.DEFERRED, actor=SYSTEM, reason="立案调查")
    db.session.commit()
    path = tmp_path / "grades.xlsx"
    path.write_bytes(sheet_bytes([[form.employee.staff_no, "", "", "", "合格"]]))
    assert "第 2 行，等次：" in one_line_error(run(runner, "assessment", "import", "2025", str(path)))


def test_import_outside_the_decision_step_is_refused(runner, tmp_path):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    form = queries.department_assessments(open_2025(unit))[0]
    path = tmp_path / "grades.xlsx"
    path.write_bytes(sheet_bytes([[form.employee.staff_no, "", "", "", "合格"]]))
    assert "只能在" in one_line_error(run(runner, "assessment", "import", "2025", str(path)))
    assert "文件不存在" in one_line_error(run(runner, "assessment", "import", "2025", str(tmp_path / "none.xlsx")))


def test_the_demo_has_an_assessment_under_way(runner):
    assert run(runner, "demo").exit_code == 0
    cycle = queries.get_cycle(2025)
    assert cycle.status == CycleStatus.HEAD_REVIEW
    users = {u.username: u for u in db.session.scalars(select(User))}
    own = queries.own_assessment(cycle, users["employee"])
    assert own.form_status == FormStatus.DRAFT and own.self_summary
    head_forms = queries.assessments_for(cycle, users["head"])
    statuses = [f.form_status for f in head_forms]
    assert statuses.count(FormStatus.HEAD_SUBMITTED) == 2 and FormStatus.SELF_SUBMITTED in statuses
    assert {f.department.name for f in head_forms} == {"少儿部"}
    assert figures.progress(cycle).special == {"not_graded": 1}


# ---------------------------------------------------------------- the rate as a ceiling; moving on step by step

def test_open_refuses_26_and_25_without_approval_and_accepts_25_with_one(runner):
    build_unit(children_staff=7, circulation_staff=0, office_staff=0)  # 8 people
    assert "不超过 25%" in one_line_error(run(runner, "assessment", "open", "2025", "--excellent-rate", "26",
                                              "--approval", "人社批〔2025〕3号"))
    assert "须经批准" in one_line_error(run(runner, "assessment", "open", "2025", "--excellent-rate", "25"))
    assert queries.find_cycle(2025) is None  # nothing written
    result = run(runner, "assessment", "open", "2025", "--excellent-rate", "25", "--approval", "人社批〔2025〕3号",
                 "--approval-date", "2025-11-20", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["excellent_rate"] == 25 and document["excellent_quota"] == 2  # floor(8 × 25%)
    assert document["approval"] == "人社批〔2025〕3号"
    cycle = queries.get_cycle(2025)
    assert cycle.rate_raised and cycle.raised_approved_on == date(2025, 11, 20)


def test_open_with_a_lower_rate_needs_no_approval(runner):
    build_unit(children_staff=9, circulation_staff=0, office_staff=0)
    document = json.loads(run(runner, "assessment", "open", "2025", "--excellent-rate", "10", "--json").stdout)
    assert document["excellent_rate"] == 10 and document["excellent_quota"] == 1


def test_advance_refuses_to_skip_a_step_and_checks_like_the_page(runner):
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    open_2025(unit)
    assert "不能从“已开启”直接进入“主管评价”" in one_line_error(
        run(runner, "assessment", "advance", "2025", "--to", "head_review"))
    assert "未知的阶段" in one_line_error(run(runner, "assessment", "advance", "2025", "--to", "later"))
    assert run(runner, "assessment", "advance", "2025", "--to", "self_review").exit_code == 0
    assert run(runner, "assessment", "advance", "2025", "--to", "主管评价").exit_code == 0
    assert "未提交主管评价" in one_line_error(run(runner, "assessment", "advance", "2025", "--to", "decision"))
    db.session.expire_all()
    assert queries.get_cycle(2025).status == CycleStatus.HEAD_REVIEW
