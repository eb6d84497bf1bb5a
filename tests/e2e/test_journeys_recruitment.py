"""Journeys through recruitment in the browser: HR opens a round on the demo's vacant seats, registers
applicants by the form and by a sheet, decides what the rules could not, walks a round from draft to
appointment, prints its forms; a department head reads along, an employee is turned away.

Every journey opens a round of its own. The demo's two recruitable vacancies are 办公室/办证咨询 (never
filled here) and 物业管理部/工作人员 (filled by the appointment journey, the only one that needs it)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from hrflow.clock import unit_today
from hrflow.recruitment.idcard import check_digit
from hrflow.workdays import WorkCalendar
from tests.conftest import SEED
from tests.e2e.conftest import login_as, post_id, screenshot

DESK = "办公室/办证咨询"
PROPERTY = "物业管理部/工作人员"
NOT_RECRUITING = "采编部/主任"  # vacant, but 此次不聘
CUTOFF = "2026-06-30"
RULES = "全日制本科及以上学历或同等学历\n35周岁以下"
HEADER = ["姓名", "性别", "出生日期", "学历", "学位", "专业", "学习形式", "职称", "证书", "工作年限", "应聘岗位"]
PUBLICITY_DAYS = 7  # working days (the default setting)


# ---------------------------------------------------------------- helpers

def id_number(birth: str, gender_digit: int) -> str:
    """A valid 18-digit number for someone born on `birth` (YYYYMMDD); an odd digit is a man."""
    first17 = f"110105{birth}12{gender_digit}"
    return first17 + check_digit(first17)


def person(name: str, post: str, *, birth: str = "1995-03-01", gender: str = "女", study_mode: str = "全日制") -> list:
    return [name, gender, birth, "本科", "学士", "汉语言文学", study_mode, "", "", "3", post]


def csv_sheet(folder: Path, rows: list[list], name: str = "报名.csv") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = folder / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def visit(page: Page, path: str) -> None:
    """Go to `path` unless the browser is already there (after a redirect, say): fewer page loads."""
    if urlsplit(page.url).path != path:
        page.goto(path)


def flash(page: Page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


def open_round(page: Page, name: str, openings: dict[str, int]) -> int:
    """HR opens a round from the form on the given posts; returns its id."""
    page.goto("/recruitment/new")
    page.get_by_label("招聘名称").fill(name)
    page.get_by_label("资格审查截止日期").fill(CUTOFF)
    for path, count in openings.items():
        row = page.locator("tr.candidate-row").filter(has=page.get_by_text(path, exact=True))
        row.get_by_role("checkbox").check()
        row.get_by_label("招聘人数").fill(str(count))
    page.get_by_role("button", name="开启招聘").click()
    expect(flash(page, f"已开启招聘“{name}”")).to_be_visible()
    return int(re.search(r"/recruitment/(\d+)$", page.url).group(1))


def set_rules(page: Page, round_id: int, path: str) -> None:
    """HR replaces the rules parsed from the post's requirements with the ones of the recruitment plan."""
    visit(page, f"/recruitment/{round_id}")
    page.locator("tr.vacancy-row").get_by_role("link", name=path).click()
    page.get_by_role("link", name="修改资格条件").click()
    page.get_by_label("资格条件（每行一条，系统逐条解析）").fill(RULES)
    page.get_by_label("修改原因").fill("按招聘方案补充条件")
    page.get_by_role("button", name="保存修改").click()
    expect(flash(page, f"已修改“{path}”的资格条件")).to_be_visible()


def import_applicants(page: Page, round_id: int, sheet: Path) -> None:
    page.goto(f"/recruitment/{round_id}/applicants/import")
    page.get_by_label("表格文件（.csv 或 .xlsx）").set_input_files(sheet)
    page.get_by_role("button", name="导入", exact=True).click()


def advance(page: Page, round_id: int, step: str, *, publicity_start: date | None = None) -> None:
    """HR moves the round to `step` (its label) from the round page, ticking the confirmation box."""
    visit(page, f"/recruitment/{round_id}")
    form = page.locator("form.rc-advance")
    if publicity_start is not None:
        form.get_by_label("公示开始日期").fill(publicity_start.isoformat())
    form.get_by_label("我已核对，确认进入下一阶段（此操作不可撤销）").check()
    form.get_by_role("button", name=f"进入“{step}”").click()
    expect(flash(page, f"进入“{step}”阶段")).to_be_visible()


def decide_exam(page: Page, round_id: int, path: str) -> None:
    """Too few qualified applicants for 1:3: HR records that the exam goes ahead, with the reason."""
    visit(page, f"/recruitment/{round_id}")
    page.locator("tr.vacancy-row").get_by_role("link", name=path).click()
    exam = page.locator("#exam")
    expect(exam.locator(".badge")).to_have_text("未达到")
    exam.get_by_label("说明理由后照常开考").check()
    exam.get_by_label("理由", exact=True).fill("岗位急需，经馆务会研究照常开考")
    exam.get_by_role("button", name="记录决定").click()
    expect(flash(page, f"已记录“{path}”的开考比例决定：说明理由后照常开考")).to_be_visible()


def enter_scores(page: Page, round_id: int, scores: dict[str, tuple[int, int]]) -> None:
    """Every row of the grid typed in, then one 保存 for all of them."""
    page.goto(f"/recruitment/{round_id}/scores")
    for name, (written, interview) in scores.items():
        page.get_by_label(f"{name} 笔试", exact=True).fill(str(written))
        page.get_by_label(f"{name} 面试", exact=True).fill(str(interview))
    page.get_by_role("button", name="保存全部成绩").click()
    expect(flash(page, f"已保存成绩：{len(scores)} 人有变动，排名已更新。")).to_be_visible()


def propose(page: Page, round_id: int, path: str, names: str) -> None:
    visit(page, f"/recruitment/{round_id}/ranking")
    page.get_by_role("button", name="按排名确定拟聘用人员").click()
    expect(flash(page, f"“{path}”拟聘用：{names}")).to_be_visible()


def pass_checks(page: Page, round_id: int, name: str) -> None:
    """From the publicity page to the hire's 体检 and 考察, each recorded 合格 today."""
    for step, label in (("medical", "体检"), ("inspection", "考察")):
        page.goto(f"/recruitment/{round_id}/publicity")
        page.locator("tr.hire-row").filter(has_text=name).get_by_role("link", name="未登记").first.click()
        form = page.locator(f"#check-{step}")
        form.get_by_label("合格", exact=True).check()
        expect(form.get_by_label("日期")).to_have_value(unit_today().isoformat())
        form.get_by_role("button", name="登记结果").click()
        expect(flash(page, f"已登记 {name} 的{label}结果：合格")).to_be_visible()


def appoint(page: Page, round_id: int, name: str) -> None:
    """From the publicity page to the hire's appointment form, confirmed and sent."""
    page.goto(f"/recruitment/{round_id}/publicity")
    page.locator("tr.hire-row").filter(has_text=name).get_by_role("link", name="办理聘用").click()
    card = page.locator("#appoint")
    expect(card.get_by_label("聘用日期")).to_have_value(unit_today().isoformat())  # the unit's day, as the form's
    # The server's day, which the seat counts still use (Appointment.is_open): after 16:00 UTC the unit's is a day on.
    card.get_by_label("聘用日期").fill(unit_today().isoformat())
    card.get_by_label("同时为其开通登录账号").uncheck()  # a login with it: tests/e2e/test_journey_new_hire.py
    card.get_by_label("确认聘用：将新建员工档案并占用岗位（不可撤销）").check()
    card.get_by_role("button", name="聘用", exact=True).click()


def seats_filled(page: Page, live_db, department: str, key: str) -> int:
    page.goto(f"/posts/{post_id(live_db, department, key)}")
    return int(page.locator("xpath=//dt[normalize-space()='实聘']/following-sibling::dd[1]").inner_text())


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def rows_of(page: Page, row_class: str) -> list[str]:
    """The names in the second column of a table's rows."""
    return [name.strip() for name in page.locator(f"tr.{row_class} td:nth-child(2)").all_inner_texts()]


# ---------------------------------------------------------------- journeys

def test_hr_opens_a_round_on_the_vacant_seats(page, live_server):
    name = "2026年公开招聘（开启）"
    login_as(page, live_server, "hr")
    page.locator("#mainnav").get_by_role("link", name="招聘", exact=True).click()
    expect(page.get_by_role("heading", name="招聘", level=1)).to_be_visible()
    page.get_by_role("link", name="开启招聘").click()

    # Only vacant, recruitable posts are offered, each with its free seats; never 此次不聘.
    offered = [text.strip() for text in page.locator("tr.candidate-row td:nth-child(2)").all_inner_texts()]
    assert DESK in offered and NOT_RECRUITING not in offered
    desk = page.locator("tr.candidate-row").filter(has=page.get_by_text(DESK, exact=True))
    expect(desk.locator("td").nth(2)).to_have_text("2")  # seats
    expect(desk.locator("td").nth(3)).to_have_text("1")  # vacant

    page.get_by_label("招聘名称").fill(name)
    page.get_by_label("资格审查截止日期").fill(CUTOFF)
    for row in page.locator("tr.candidate-row").all():
        row.get_by_role("checkbox").check()
    desk.get_by_label("招聘人数").fill("2")
    page.get_by_role("button", name="开启招聘").click()

    # More openings than free seats: refused next to the number, the choices kept.
    openings = desk.get_by_label("招聘人数")
    expect(openings).to_have_class(re.compile("is-invalid"))
    expect(desk.locator(".invalid-feedback")).to_have_text("招聘人数应为 1–1")
    expect(page.get_by_role("alert")).to_have_text("请检查所选岗位的招聘人数")
    expect(page.get_by_label("招聘名称")).to_have_value(name)
    expect(desk.get_by_role("checkbox")).to_be_checked()

    openings.fill("1")
    page.get_by_role("button", name="开启招聘").click()
    expect(flash(page, f"已开启招聘“{name}”")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("tr.vacancy-row")).to_have_count(len(offered))
    expect(page.locator("ol.rc-flow li[aria-current=step]")).to_have_text("草稿")

    page.get_by_label("breadcrumb").get_by_role("link", name="招聘", exact=True).click()
    row = page.locator("tr.round-row").filter(has=page.get_by_role("link", name=name, exact=True))
    expect(row).to_have_count(1)
    cells = row.locator("td")
    expect(cells.nth(1)).to_have_text("公开招聘")
    expect(cells.nth(2)).to_have_text("草稿")
    expect(cells.nth(3)).to_have_text(CUTOFF)
    expect(cells.nth(4)).to_have_text(str(len(offered)))  # posts
    expect(cells.nth(5)).to_have_text(str(len(offered)))  # openings: one each
    expect(cells.nth(6)).to_have_text("0")  # applicants
    screenshot(page, "recruitment-rounds")


def test_hr_adds_an_applicant_by_the_form_and_sees_the_verdicts(page, live_server):
    login_as(page, live_server, "hr")
    round_id = open_round(page, "2026年公开招聘（表单登记）", {DESK: 1})
    set_rules(page, round_id, DESK)
    page.goto(f"/recruitment/{round_id}/applicants")
    page.get_by_role("link", name="登记报名").click()

    good = id_number("19950301", 2)
    wrong = good[:-1] + ("1" if good[-1] != "1" else "2")
    page.get_by_label("应聘岗位").select_option(label=DESK)
    page.get_by_label("姓名", exact=True).fill("陈喆")
    page.get_by_role("radio", name="女", exact=True).check()
    page.get_by_label("身份证号（可选）").fill(wrong)
    page.get_by_label("学历", exact=True).fill("本科")
    page.get_by_label("学习形式").fill("全日制")
    page.get_by_label("专业").fill("图书馆学")
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_role("button", name="登记并审查").click()

    # A wrong check digit is refused next to the number; what was typed stays.
    number = page.get_by_label("身份证号（可选）")
    expect(number).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#id_number-error")).to_contain_text("校验位")
    expect(page.get_by_label("姓名", exact=True)).to_have_value("陈喆")
    expect(page.get_by_label("专业")).to_have_value("图书馆学")

    number.fill(good)
    page.get_by_role("button", name="登记并审查").click()
    expect(flash(page, "已登记 陈喆，资格审查结果：符合。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("陈喆")

    # The number is shown masked, the birth date read from it; never the whole number.
    facts = page.locator("dl.rc-person")
    expect(facts).to_contain_text(good[:6] + "********" + good[-4:])
    expect(facts).to_contain_text("1995-03-01")
    expect(page.locator("body")).not_to_contain_text(good)

    # One row per rule with its verdict and the reason for it: the post's two, then the round's basic conditions.
    verdicts = page.locator("tr.verdict-row")
    expect(verdicts).to_have_count(4)
    expect(verdicts.nth(2)).to_contain_text("年满18周岁（基本条件）")
    expect(verdicts.nth(3)).to_contain_text("未达到法定退休年龄（基本条件）")
    expect(verdicts.nth(3).locator("td").nth(2)).to_have_text("符合")
    expect(verdicts.nth(0)).to_contain_text("全日制本科及以上学历或同等学历")
    expect(verdicts.nth(0).locator("td").nth(2)).to_have_text("符合")
    expect(verdicts.nth(0).locator("td").nth(3)).to_have_text("学历本科（全日制），达到本科及以上")
    expect(verdicts.nth(1).locator("td").nth(2)).to_have_text("符合")
    expect(verdicts.nth(1).locator("td").nth(3)).to_have_text(
        "出生 1995-03-01，截至 2026-06-30 为 31 周岁，未超过 35 周岁上限"
    )
    screenshot(page, "recruitment-application")

    page.get_by_role("link", name="报名人员").click()
    expect(page.locator("tr.applicant-row")).to_have_count(1)
    expect(page.locator("tr.applicant-row")).to_contain_text("符合")


def test_hr_imports_an_applicants_sheet_all_or_nothing(page, live_server, tmp_path):
    login_as(page, live_server, "hr")
    round_id = open_round(page, "2026年公开招聘（导入）", {DESK: 1})

    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER + ["身份证号"])
    workbook.active.append(["王堃", "男", date(1992, 5, 1), "本科", "学士", "法学", "全日制", "", "", 3, DESK,
                            id_number("19920501", 1)])
    workbook.active.append(["李玥", "女", "1990-13-01", "本科", "", "会计", "全日制", "", "", 5, DESK, ""])
    workbook.active.append(["孙磊", "男", date(1993, 8, 8), "硕士研究生", "硕士", "计算机", "全日制", "", "", 2, DESK, ""])
    sheet = tmp_path / "报名表.xlsx"
    workbook.save(sheet)
    import_applicants(page, round_id, sheet)

    # The error names the file, the row and the column, under the upload field; nothing was written.
    field = page.get_by_label("表格文件（.csv 或 .xlsx）")
    expect(field).to_have_class(re.compile("is-invalid"))
    error = page.locator(".rc-import-error")
    expect(error).to_be_visible()
    for part in ("无法导入，未写入任何数据。", "报名表.xlsx", "第 3 行", "出生日期"):
        expect(error).to_contain_text(part)
    screenshot(page, "recruitment-import-refused")
    page.get_by_role("link", name="返回").click()
    expect(page.locator("tr.applicant-row")).to_have_count(0)
    expect(page.get_by_text("没有符合条件的报名。")).to_be_visible()

    workbook.active["C3"] = date(1990, 12, 1)
    workbook.save(sheet)
    import_applicants(page, round_id, sheet)
    expect(flash(page, "已导入 3 名报名人员并完成资格审查。")).to_be_visible()
    assert rows_of(page, "applicant-row") == ["王堃", "李玥", "孙磊"]
    expect(page.locator("tr.applicant-row").filter(has_text="李玥")).to_contain_text("1990-12-01")


def test_hr_decides_a_review_item_and_overrides_a_verdict(page, live_server, tmp_path):
    login_as(page, live_server, "hr")
    round_id = open_round(page, "2026年公开招聘（认定）", {DESK: 1})
    set_rules(page, round_id, DESK)
    import_applicants(page, round_id, csv_sheet(tmp_path, [
        person("赵敏", DESK, study_mode="自学考试"),  # 同等学历: HR decides
        person("孙磊", DESK, gender="男", birth="1993-08-08"),
    ]))
    expect(flash(page, "已导入 2 名报名人员")).to_be_visible()

    page.goto(f"/recruitment/{round_id}")
    page.get_by_role("link", name="待审核 1 份").click()
    item = page.locator("section.review-item").filter(has_text="赵敏")
    expect(item).to_contain_text("学历本科（自学考试）为非全日制；岗位要求全日制但接受同等学历，需人工认定")
    item.get_by_label("符合", exact=True).check()
    item.get_by_role("button", name="保存认定").click()

    # No reason: refused under the reason field, the application still waiting.
    education = page.locator("tr.verdict-row").filter(has_text="全日制本科及以上学历或同等学历")
    reason = education.get_by_label("理由（必填，记入审计日志）")
    expect(reason).to_have_class(re.compile("is-invalid"))
    expect(education.locator(".invalid-feedback")).to_have_text("请填写理由")
    expect(education.locator("td").nth(2)).to_have_text("待审核")
    reason.fill("自考本科经认定为同等学历")
    education.get_by_role("button", name="保存认定").click()
    expect(flash(page, "已保存认定。赵敏 的资格审查结果：待审核 → 符合。")).to_be_visible()
    expect(page.get_by_text("没有待审核的报名。")).to_be_visible()

    # Overriding an automatic verdict (孙磊's age) needs a reason too.
    page.locator(".rc-tabs").get_by_role("link", name="报名人员").click()
    page.get_by_role("link", name="孙磊").click()
    age = page.locator("tr.verdict-row").filter(has_text="35周岁以下")
    age.get_by_text("改判（须写明理由）").click()
    age.get_by_label("不符合", exact=True).check()
    age.get_by_role("button", name="保存认定").click()
    age = page.locator("tr.verdict-row").filter(has_text="35周岁以下")
    expect(age.get_by_label("理由（必填，记入审计日志）")).to_have_class(re.compile("is-invalid"))
    expect(page.locator(".badge.fs-6").first).to_have_text("符合")
    age.get_by_label("理由（必填，记入审计日志）").fill("户籍材料显示出生年份有误，实际超龄")
    age.get_by_role("button", name="保存认定").click()
    expect(flash(page, "孙磊 的资格审查结果：符合 → 不符合。")).to_be_visible()
    age = page.locator("tr.verdict-row").filter(has_text="35周岁以下")
    expect(age.locator("td").nth(2)).to_contain_text("不符合")
    expect(age.locator("td").nth(2)).to_contain_text("自动：符合")
    # HR's reason is the evidence now; the automatic one stays below it, muted.
    evidence = age.locator("td").nth(3)
    expect(evidence.locator("div").first).to_have_text("人事认定：户籍材料显示出生年份有误，实际超龄")
    expect(evidence.locator("div.text-muted")).to_contain_text("自动判定：")
    expect(evidence.locator("div.text-muted")).to_contain_text("未超过 35 周岁上限")
    expect(age.locator("td").nth(4)).to_contain_text("认定为“不符合”")
    screenshot(page, "recruitment-override")


def test_hr_walks_a_round_from_draft_to_appointment(page, live_server, live_db, tmp_path):
    login_as(page, live_server, "hr")
    before = seats_filled(page, live_db, "物业管理部", "工作人员")
    # Two rounds on the same free seat: the second can no longer appoint once the first has.
    first = open_round(page, "2026年公开招聘（全流程）", {PROPERTY: 1})
    second = open_round(page, "2026年公开招聘（同岗第二轮）", {PROPERTY: 1})
    import_applicants(page, first, csv_sheet(tmp_path, [person("周宁", PROPERTY), person("吴昊", PROPERTY, gender="男")]))
    import_applicants(page, second, csv_sheet(tmp_path, [person("郑洁", PROPERTY)], name="第二轮.csv"))

    # Without the confirmation box nothing moves.
    visit(page, f"/recruitment/{first}")
    page.get_by_role("button", name="进入“已发布”").click()
    box = page.get_by_label("我已核对，确认进入下一阶段（此操作不可撤销）")
    expect(box).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_text("请先勾选确认")).to_be_visible()
    expect(page.locator("ol.rc-flow li[aria-current=step]")).to_have_text("草稿")

    for round_id in (first, second):
        advance(page, round_id, "已发布")
        advance(page, round_id, "资格审查")
    # Two qualified for one opening is under 1:3: the exam waits for HR's decision.
    page.goto(f"/recruitment/{first}")
    page.locator("form.rc-advance").get_by_label("我已核对，确认进入下一阶段（此操作不可撤销）").check()
    page.get_by_role("button", name="进入“考试”").click()
    expect(page.locator(".alert-danger")).to_contain_text(f"以下岗位未达到开考比例，须先作出决定：{PROPERTY}")
    for round_id in (first, second):
        decide_exam(page, round_id, PROPERTY)
        expect(page.locator("#exam")).to_contain_text("理由：岗位急需，经馆务会研究照常开考")
        advance(page, round_id, "考试")

    enter_scores(page, first, {"周宁": (80, 90), "吴昊": (88, 86)})
    enter_scores(page, second, {"郑洁": (75, 80)})
    page.goto(f"/recruitment/{first}/ranking")
    assert rows_of(page, "ranking-row") == ["吴昊", "周宁"]  # 87 before 85
    expect(page.locator("tr.ranking-row").first.locator("td").nth(5)).to_have_text("87.00")  # after the 加分 column
    propose(page, first, PROPERTY, "吴昊")
    propose(page, second, PROPERTY, "郑洁")

    # 公示 started a month ago: it has ended, counted in working days.
    start = unit_today() - timedelta(days=30)
    end = WorkCalendar().add_working_days(start, PUBLICITY_DAYS)  # the demo unit keeps no days of its own
    for round_id in (first, second):
        advance(page, round_id, "公示", publicity_start=start)
    page.goto(f"/recruitment/{first}/publicity")
    expect(page.locator(".rc-publicity-period")).to_have_text(
        f"公示期：{start.isoformat()} 至 {end.isoformat()}，共 {PUBLICITY_DAYS} 个工作日（周末和节假日不计）。公示结束后方可聘用。"
    )
    hire = page.locator("tr.hire-row")
    expect(hire).to_have_count(1)
    expect(hire.locator("td").first).to_have_text("吴昊")
    expect(hire.locator("td").nth(4)).to_have_text(PROPERTY)

    # Not before 体检 and 考察 are recorded 合格.
    expect(hire.locator(".rc-checks-wait")).to_have_text("待体检、考察合格")
    pass_checks(page, first, "吴昊")
    pass_checks(page, second, "郑洁")
    appoint(page, first, "吴昊")
    expect(flash(page, "已聘用 吴昊（工号")).to_contain_text(f"到“{PROPERTY}”")
    expect(page.locator("tr.hire-row").filter(has_text="吴昊")).to_contain_text("已聘用")
    screenshot(page, "recruitment-publicity-appointed")
    assert seats_filled(page, live_db, "物业管理部", "工作人员") == before + 1
    expect(page.locator(".card").filter(has_text="在岗人员")).to_contain_text("吴昊")

    # The seat is taken now: the second round's hire is refused, and said why.
    appoint(page, second, "郑洁")
    expect(page.locator(".alert-danger")).to_have_text(f"岗位“{PROPERTY}”已满（设岗 2 人，在岗 2 人）")
    expect(page.locator(".badge.fs-6").filter(has_text="拟聘用")).to_be_visible()
    assert seats_filled(page, live_db, "物业管理部", "工作人员") == before + 1


def _seed_with_a_children_post(folder: Path) -> Path:
    """The demo's table with one more 少儿部 post, vacant: the demo has no free seat in 少儿部."""
    text = SEED.read_text(encoding="utf-8")
    marker = "成人 岗位职责及岗位设置"
    assert text.count(marker) == 1
    row = ("\t\n\t阅读推广专员\n\t1\n\t0\n\t策划并组织少儿阅读推广活动。\n"
           "\t1、全日制本科及以上学历。2、35周岁以下。\n\t完成阅读推广活动计划。\n\n")
    path = folder / "岗位表-少儿部增设.txt"
    path.write_text(text.replace(marker, row + marker), encoding="utf-8")
    return path


def test_a_head_reads_rounds_and_an_employee_is_turned_away(make_page, live_server, tmp_path):
    live_server.hrflow("import-posts", str(_seed_with_a_children_post(tmp_path)))
    children = "少儿部/阅读推广专员"
    hr = make_page()
    login_as(hr, live_server, "hr")
    round_id = open_round(hr, "2026年公开招聘（少儿部与办公室）", {children: 1, DESK: 1})
    import_applicants(hr, round_id, csv_sheet(tmp_path, [person("林晓", children), person("高远", DESK, gender="男")]))
    expect(flash(hr, "已导入 2 名报名人员")).to_be_visible()
    other = hr.locator("tr.applicant-row").filter(has_text="高远").get_by_role("link").get_attribute("href")

    head = make_page()
    login_as(head, live_server, "head")
    head.locator("#mainnav").get_by_role("link", name="招聘", exact=True).click()
    expect(head.get_by_text("涉及您所负责部门的招聘（只读）。")).to_be_visible()
    expect(head.get_by_role("link", name="开启招聘")).to_have_count(0)
    head.get_by_role("link", name="2026年公开招聘（少儿部与办公室）").click()

    # Only 少儿部's vacancy, and nothing to press.
    expect(head.locator("tr.vacancy-row")).to_have_count(1)
    expect(head.locator("tr.vacancy-row")).to_contain_text(children)
    expect(head.locator("main")).not_to_contain_text(DESK)
    expect(head.locator("main form[method=post]")).to_have_count(0)
    expect(head.locator("main").get_by_role("button")).to_have_count(0)
    expect(head.get_by_role("link", name="登记报名")).to_have_count(0)
    expect(head.locator(".rc-tabs").get_by_role("link")).to_have_text(["概览", "报名人员", "排名", "公示与聘用"])
    screenshot(head, "recruitment-head-round")

    head.locator(".rc-tabs").get_by_role("link", name="报名人员").click()
    assert rows_of(head, "applicant-row") == ["林晓"]
    expect(head.get_by_role("link", name="导出 Excel（按当前筛选）")).to_have_count(0)
    head.get_by_role("link", name="林晓").click()
    expect(head.locator("tr.verdict-row")).to_have_count(4)  # two of the post, two basic conditions
    expect(head.locator("main form[method=post]")).to_have_count(0)
    expect(head.get_by_text("改判（须写明理由）")).to_have_count(0)
    assert head.goto(other).status == 404

    employee = make_page()
    login_as(employee, live_server, "employee")
    expect(employee.locator("#mainnav").get_by_role("link", name="招聘", exact=True)).to_have_count(0)
    assert employee.goto("/recruitment/").status == 403
    expect(employee.get_by_text("您没有权限访问这个页面。")).to_be_visible()
    assert employee.goto(f"/recruitment/{round_id}").status == 403


def test_hr_prints_the_application_form_and_the_review_list(page, live_server, tmp_path):
    login_as(page, live_server, "hr")
    round_id = open_round(page, "2026年公开招聘（打印）", {DESK: 1})
    set_rules(page, round_id, DESK)
    import_applicants(page, round_id, csv_sheet(tmp_path, [person("欧阳倩", DESK), person("马骁", DESK, gender="男",
                                                                                             birth="1980-01-01")]))
    expect(flash(page, "已导入 2 名报名人员")).to_be_visible()

    list_link = page.get_by_role("link", name="资格审查结果名单 (PDF)")
    response = page.request.get(list_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    for part in ("资格审查结果名单", "欧阳倩", "马骁", DESK):
        assert part in text, part

    page.get_by_role("link", name="马骁").click()
    expect(page.locator("tr.verdict-row").filter(has_text="35周岁以下")).to_contain_text("不符合")
    screenshot(page, "recruitment-application-not-eligible")
    form_link = page.get_by_role("link", name="报名表/资格审查表 (PDF)")
    response = page.request.get(form_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    for part in ("马骁", "35周岁以下", "不符合"):
        assert part in text, part
    assert "欧阳倩" not in text
