"""A deterministic synthetic unit for benchmarks: many departments, posts, employees, a big round, an
assessment cycle half way through."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import insert

from hrflow.assessment import grading, head_review, operations, queries
from hrflow.extensions import db
from hrflow.models import (
    SYSTEM,
    Applicant,
    Application,
    Appointment,
    AssessmentCycle,
    CycleStatus,
    Dimension,
    Employee,
    Grade,
    Post,
    Rating,
    RecruitmentRound,
    SpecialCase,
    Vacancy,
)
from hrflow.posts.importing import import_post_table
from hrflow.rules import parse_requirements

REQUIREMENTS = [
    "全日制大本及以上学历或同等学历",
    "图书馆学大专以上学历或同等学历",
    "35周岁以下",
    "男性40周岁以下，女性35周岁以下",
    "年龄在国家法定退休年龄之内的在编人员",
    "具有会计从业资格证书、助理会计师资格",
    "副研究馆员以上职称",
    "具有3年以上相关工作经验",
    "研究生学历优先",
    "具有较强的组织协调能力",
    "熟悉《保密法》，具有保密意识",
]
DUTY = ("负责本部门日常管理工作；协调全馆行政、业务工作；协助馆领导制定工作计划、规章制度，起草工作总结及各类公文材料；"
        "组织开展全馆性及馆际间重大活动；负责全馆人事、财务管理协调工作。完成馆领导交办的其他工作。")
EDUCATIONS = ["高中", "中专", "大专", "本科", "大学本科", "硕士研究生", "博士研究生"]
MODES = ["全日制", "全日制", "全日制", "非全日制", "自学考试", "函授", None]
MAJORS = ["图书馆学", "信息资源管理", "汉语言文学", "会计学", "计算机科学与技术", "档案学", None]
TITLES = [None, "助理馆员", "馆员", "副研究馆员", "会计师", "助理会计师", "工程师"]
SUMMARY = ("本年度认真履行岗位职责，按时完成部门安排的各项工作；积极参加业务学习，服务态度良好，全年无差错。"
           "不足之处是创新意识还不够强，明年继续改进。")
COMMENTS = "工作认真负责，完成岗位职责规定的各项任务，读者反映良好。"
RATINGS = [Rating.GOOD, Rating.GOOD, Rating.FAIRLY_GOOD, Rating.AVERAGE]
PROPOSED = [Grade.EXCELLENT, Grade.COMPETENT, Grade.COMPETENT, Grade.COMPETENT, Grade.COMPETENT, Grade.BASIC]


def synthetic_table(departments: int, posts_per_department: int, seed: int = 1) -> bytes:
    """A post table in the Word-dump format, `departments × posts_per_department` posts."""
    rng = random.Random(seed)
    lines = []
    for d in range(departments):
        name = f"第{d + 1}部"
        lines += [f"{name}岗位职责及岗位设置", "", "\t部门", "\t岗位设置", "\t设岗人数", "\t实聘人数", "\t岗位职责",
                  "\t任职条件", "\t考核标准", ""]
        for p in range(posts_per_department):
            seats = rng.randint(8, 14)  # about ten people a post: 2,000 staff fill 200 posts
            filled = seats - rng.randint(0, 2)
            requirements = "".join(f"{i}、{r}。" for i, r in enumerate(rng.sample(REQUIREMENTS, 4), start=1))
            lines += [f"\t{name}{seats}人" if p == 0 else "\t", f"\t岗位{p + 1}", f"\t{seats}", f"\t{filled}",
                      f"\t{DUTY}", f"\t{requirements}", "\t完成本部室工作任务，履行本岗位职责。", ""]
    return "\n".join(lines).encode()


def build_unit(departments: int = 20, posts_per_department: int = 10) -> None:
    import_post_table(synthetic_table(departments, posts_per_department), "synthetic.txt", actor=SYSTEM,
                      effective_date=date(2025, 1, 1))
    db.session.commit()


def build_round(applications: int, seed: int = 2) -> RecruitmentRound:
    """A round on every post (requirements parsed once each) with `applications` applicants."""
    rng = random.Random(seed)
    round_ = RecruitmentRound(name=f"benchmark-{applications}", cutoff_date=date(2026, 6, 30))
    db.session.add(round_)
    db.session.flush()
    posts = db.session.query(Post).all()
    vacancies = []
    for post in posts:
        version = post.current
        vacancies.append({"round_id": round_.id, "post_id": post.id, "post_version_id": version.id, "openings": 1,
                          "requirements": version.requirements,
                          "rules": [r.to_dict() for r in parse_requirements(version.requirements)],
                          "worker_post": False, "cancelled": False})
    db.session.execute(insert(Vacancy), vacancies)
    vacancy_ids = [v.id for v in db.session.query(Vacancy).filter_by(round_id=round_.id)]
    people = []
    for i in range(applications):
        people.append({
            "round_id": round_.id, "name": f"应聘者{i}", "gender": rng.choice("男女"),
            "birth_date": date(rng.randint(1962, 2003), rng.randint(1, 12), rng.randint(1, 28)),
            "education": rng.choice(EDUCATIONS), "study_mode": rng.choice(MODES), "major": rng.choice(MAJORS),
            "title": rng.choice(TITLES), "certificates": rng.choice([[], ["会计从业资格证书"], ["计算机二级证书"]]),
            "years_experience": rng.randint(0, 30), "bianzhi": rng.choice([True, False, None]),
        })
    db.session.execute(insert(Applicant), people)
    applicant_ids = [a.id for a in db.session.query(Applicant.id).filter_by(round_id=round_.id)]
    db.session.execute(insert(Application), [
        {"applicant_id": a, "vacancy_id": vacancy_ids[i % len(vacancy_ids)], "round_id": round_.id,
         "status": "needs_review", "verdicts": [],
         "outcome": "none"} for i, a in enumerate(applicant_ids)])
    db.session.commit()
    return round_


def build_staff(count: int, seed: int = 3) -> None:
    """Name the unnamed incumbents (and fill free seats) with `count` synthetic employees."""
    rng = random.Random(seed)
    unnamed = db.session.query(Appointment).filter(Appointment.employee_id.is_(None)).order_by(Appointment.id).all()
    employees = [{"staff_no": f"S{i:06d}", "name": f"员工{i}", "gender": rng.choice("男女"),
                  "birth_date": date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                  "hired_on": date(rng.randint(1990, 2024), rng.randint(1, 12), 1), "active": True}
                 for i in range(count)]
    db.session.execute(insert(Employee), employees)
    ids = [e.id for e in db.session.query(Employee.id).order_by(Employee.id)]
    for appointment, employee_id in zip(unnamed, ids, strict=False):
        appointment.employee_id = employee_id
    db.session.commit()


def build_cycle(year: int = 2025, seed: int = 4) -> AssessmentCycle:
    """The year's assessment cycle over the synthetic staff, opened and moved by the operations as HR would,
    stopped in the head-review step: of every hundred forms about one is not graded, 75 have their
    self-summary submitted (5 more saved), 40 are reviewed and submitted by the head and 10 saved as drafts."""
    rng = random.Random(seed)
    cycle = operations.open_cycle(year, actor=SYSTEM).cycle
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=SYSTEM)
    forms = queries.department_assessments(cycle)
    draws = {form.id: rng.random() for form in forms}
    for form in forms:
        if draws[form.id] < 0.01:
            grading.flag_special_case(form, SpecialCase.NOT_GRADED, actor=SYSTEM,
                                      reason=f"{year} 年病假超过半年，不参加本年度考核")
        elif draws[form.id] < 0.81:
            # Staff without a login of their own: their summaries are entered as they handed them in.
            form.self_summary = SUMMARY
            if draws[form.id] < 0.76:
                form.submit_self()
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=SYSTEM)
    for form in forms:
        if 0.01 <= draws[form.id] < 0.51:
            review = head_review.HeadReview(
                duty_ratings={item.key: rng.choice(RATINGS) for item in head_review.duty_items(form)},
                dimension_ratings={d.value: rng.choice(RATINGS) for d in Dimension},
                comments=COMMENTS, proposed_grade=rng.choice(PROPOSED))
            if draws[form.id] < 0.41:
                head_review.submit_head_review(form, actor=SYSTEM, review=review)
            else:
                review.comments = ""  # a draft: the comments are still to write
                head_review.save_head_review(form, review, actor=SYSTEM)
    db.session.commit()
    return cycle
