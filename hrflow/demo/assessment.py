"""The demo's 2025 annual assessment, half way through: every role has something to look at.

- The cycle is in the head-review step (HR sees progress and the quota).
- 少儿部: most staff have submitted their self-summary; the head has reviewed two of them and
  saved a third as a draft (the head has forms to finish).
- The demo employee's own self-summary is saved but not submitted (in progress).
- One 成人部/流通部 member is flagged 'not graded' (leave over half a year) by HR, with a reason.
"""

from __future__ import annotations

from sqlalchemy import select

from hrflow.assessment import grading, head_review, operations, queries
from hrflow.extensions import db
from hrflow.models import CycleStatus, Dimension, Grade, Rating, SpecialCase, User

YEAR = 2025
SUMMARY = ("本年度认真履行岗位职责，按时完成部门安排的各项工作；积极参加业务学习，"
           "服务态度良好，全年无差错。不足之处是创新意识还不够强，明年继续改进。")
EMPLOYEE_DRAFT = "本年度主要负责少儿借阅区的日常服务工作，"
COMMENTS = "工作认真负责，完成岗位职责规定的各项任务，读者反映良好。"


def load_assessment_demo() -> None:
    users = {u.username: u for u in db.session.scalars(select(User))}
    hr, head, employee = users["hr"], users["head"], users["employee"]
    cycle = operations.open_cycle(YEAR, actor=hr).cycle
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=hr)
    headed = head.headed_department_ids()
    children = [f for f in queries.department_assessments(cycle, headed)
                if f.employee_id not in (head.employee_id, employee.employee_id)]
    for form in children:
        # Staff without a login of their own: their summaries are entered as they handed them in.
        form.self_summary = SUMMARY
        form.submit_self()
    own = queries.own_assessment(cycle, employee)
    operations.save_self_summary(own, EMPLOYEE_DRAFT, actor=employee)
    flagged = next(f for f in queries.department_assessments(cycle) if f.department.name == "流通部")
    grading.flag_special_case(flagged, SpecialCase.NOT_GRADED, actor=hr,
                               reason="2025 年 3 月至 11 月病假，超过半年，不参加本年度考核")
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=hr)
    for number, form in enumerate(children[:3]):
        items = head_review.duty_items(form)
        review = head_review.HeadReview(
            duty_ratings={item.key: (Rating.GOOD if i % 3 else Rating.FAIRLY_GOOD) for i, item in enumerate(items)},
            dimension_ratings={d.value: Rating.GOOD for d in Dimension},
            comments=COMMENTS,
            proposed_grade=Grade.EXCELLENT if number == 0 else Grade.COMPETENT,
        )
        if number < 2:
            head_review.submit_head_review(form, actor=head, review=review)
        else:
            head_review.save_head_review(form, review, actor=head)
    db.session.flush()
