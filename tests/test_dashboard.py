from datetime import date

import pytest

from hrflow.extensions import db
from hrflow.models import SYSTEM, User


def user(name: str) -> User:
    return db.session.query(User).filter_by(username=name).one()


@pytest.mark.parametrize(("role", "status"), [("employee", 403), ("head", 403), ("hr", 200), ("admin", 200)])
def test_dashboard_access(client, login, demo, role, status):
    login(user(role))
    assert client.get("/dashboard/").status_code == status


def test_dashboard_needs_login(client):
    assert client.get("/dashboard/").headers["Location"].startswith("/login")


def test_dashboard_shows_totals_and_charts(client, login, demo):
    from hrflow.recruitment.operations import open_round

    open_round("2026春季招聘", date(2026, 6, 30), actor=SYSTEM, all_vacancies=True)
    db.session.commit()
    login(user("hr"))
    page = client.get("/dashboard/").get_data(as_text=True)
    assert page.count("<svg") == 4  # seats, recruitment, the demo's assessment progress and grades
    assert "各部门设岗与空缺" in page and "2026春季招聘（草稿）" in page
    assert ">45<" in page and ">42<" in page


def test_hr_lands_on_the_dashboard(client, login, demo):
    login(user("hr"))
    assert client.get("/").headers["Location"] == "/dashboard/"
