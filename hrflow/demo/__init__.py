"""A fresh demo unit: the real post table, named staff for every filled seat, one login per role."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from hrflow.admin.operations import create_user
from hrflow.demo.assessment import load_assessment_demo
from hrflow.extensions import db
from hrflow.models import SYSTEM, Appointment, AppointmentKind, Department, Employee, Post, Role
from hrflow.posts.importing import import_post_table

SEED_FILE = Path(__file__).with_name("seed_posts.txt")
DEMO_MAIL_DOMAIN = "library.example"  # reserved for examples: no demo mail reaches a real mailbox
# Real-looking names, including characters outside GB2312 that PDFs must still show.
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔"
GIVEN = ["喆", "堃", "玥", "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
         "秀英", "桂兰", "晓燕", "海燕", "志强", "建华", "文静", "丽华", "子涵", "雨萱", "思远", "浩然", "嘉怡", "欣怡", "梓轩",
         "俊杰", "婷婷", "晓东", "春梅", "国庆", "红霞", "立新", "玉兰", "卫东"]


def wipe() -> None:
    """Delete every row, children first, so the demo starts from the table alone."""
    # post ↔ post_version reference each other: cut that link before deleting either.
    db.session.execute(Post.__table__.update().values(current_version_id=None))
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.flush()


def _person(index: int) -> tuple[str, str, date, date]:
    name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 7) % len(GIVEN)]
    gender = "女" if index % 3 else "男"
    birth = date(1966 + (index * 5) % 32, 1 + index % 12, 1 + (index * 3) % 28)
    hired = date(max(birth.year + 22, 1990 + index % 30), 1 + (index * 5) % 12, 1)
    return name, gender, birth, hired


def load_demo(seed: Path = SEED_FILE) -> dict:
    wipe()
    report = import_post_table(seed.read_bytes(), seed.name, actor=SYSTEM, effective_date=date(2025, 1, 1))
    by_home: dict[tuple[int, str], Employee] = {}
    unnamed = db.session.scalars(
        select(Appointment).where(Appointment.employee_id.is_(None)).order_by(Appointment.kind, Appointment.id)
    ).all()
    numbered = list(enumerate(unnamed))
    mains = [(i, a) for i, a in numbered if a.kind != AppointmentKind.CONCURRENT.value]
    concurrents = [(i, a) for i, a in numbered if a.kind == AppointmentKind.CONCURRENT.value]
    # Main posts first, so '由办证咨询1人兼任' finds one of the 办证咨询 staff already named.
    for index, appointment in mains:
        name, gender, birth, hired = _person(index)
        employee = Employee(staff_no=f"T{index + 1:04d}", name=name, gender=gender, birth_date=birth, hired_on=hired,
                            education="本科", political_status="群众")
        db.session.add(employee)
        appointment.employee = employee
        appointment.start_date = hired
        by_home.setdefault((appointment.post.department_id, appointment.post.key), employee)
    for index, appointment in concurrents:
        appointment.employee = _concurrent_holder(appointment, by_home, index)
    db.session.flush()
    logins = _demo_users()
    load_assessment_demo()
    employees = db.session.scalar(select(func.count(Employee.id)))
    return {"report": report.as_json(), "employees": employees, "logins": logins}


def _concurrent_holder(appointment: Appointment, by_home: dict, index: int) -> Employee:
    """'由办证咨询1人兼任' → one of the 办证咨询 staff; '由副书记兼任' → a unit leader outside the table."""
    holder = appointment.holder_note or ""
    for (department_id, key), employee in by_home.items():
        if department_id == appointment.post.department_id and key == holder:
            return employee
    name, gender, birth, hired = _person(index)
    employee = Employee(staff_no=f"L{index + 1:04d}", name=name, gender=gender, birth_date=birth, hired_on=hired)
    db.session.add(employee)
    return employee


def _demo_users() -> list[dict]:
    children = db.session.scalar(select(Department).where(Department.name == "少儿部", Department.parent_id.is_(None)))
    head_employee = _holder_of(children, "主任")
    staff_employee = _holder_of(children, "工作人员")
    specs = [
        ("admin", Role.ADMIN, "系统管理员", None, []),
        ("hr", Role.HR, "人事干部", None, []),
        ("head", Role.HEAD, None, head_employee, [children]),
        ("employee", Role.EMPLOYEE, None, staff_employee, []),
    ]
    logins = []
    for username, role, display, employee, departments in specs:
        password = secrets.token_urlsafe(9)
        create_user(username, password, role, actor=SYSTEM, display_name=display, employee=employee, departments=departments,
                    email=f"{username}@{DEMO_MAIL_DOMAIN}")
        logins.append({"username": username, "password": password, "role": role.value,
                       "name": display or (employee.name if employee else username)})
    return logins


def _holder_of(department: Department, key: str) -> Employee | None:
    post = next(p for p in department.posts if p.key == key)
    return next(a.employee for a in post.appointments if a.employee is not None)
