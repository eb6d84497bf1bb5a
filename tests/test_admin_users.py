"""The user list: search, role and state filters, order, and pages whose links keep all of them."""

from datetime import datetime

import pytest

from hrflow.extensions import db
from hrflow.models import User


@pytest.fixture
def accounts(make_user, make_employee):
    """Six accounts with known names, roles, states and creation dates."""
    made = {
        "alice": make_user("hr", username="alice"),
        "bob": make_user("employee", username="bob", employee=make_employee(staff_no="S0042", name="赵六")),
        "carol": make_user("employee", username="carol"),
        "dave": make_user("head", username="dave"),
        "erin": make_user("admin", username="Erin_100%"),
        "frank": make_user("employee", username="frank"),
    }
    made["carol"].display_name = "钱七"
    made["frank"].display_name = "阿福"
    made["dave"].active = False
    for day, user in enumerate(made.values(), start=1):
        user.created_at = datetime(2025, 3, day, 8, 0)
    db.session.commit()
    return made


def _listed(client, query: str = "") -> list[str]:
    """Usernames on the page, in order."""
    import re

    page = client.get(f"/admin/users{query}")
    assert page.status_code == 200
    return re.findall(r'<tr class="user-row[^"]*">\s*<td><a href="/admin/users/\d+/edit">([^<]+)</a>', page.get_data(as_text=True))


@pytest.mark.parametrize(("query", "expected"), [
    ("?q=ALI", ["alice"]),                   # username, any case
    ("?q=钱七", ["carol"]),                   # display name
    ("?q=赵六", ["bob"]),                     # the linked employee's name
    ("?q=s0042", ["bob"]),                    # … and staff number
    ("?q=100%25", ["Erin_100%"]),             # % is a character, not a wildcard
    ("?q=_", ["Erin_100%"]),                  # so is _
    ("?q=nobody", []),
])
def test_search_finds_usernames_names_and_linked_employees(client, login, accounts, query, expected):
    login(accounts["erin"])
    assert _listed(client, query) == expected


def test_role_and_state_filters(client, login, accounts):
    login(accounts["erin"])
    assert _listed(client, "?role=employee") == ["bob", "carol", "frank"]
    assert _listed(client, "?state=disabled") == ["dave"]
    assert "dave" not in _listed(client, "?state=active")
    assert _listed(client, "?role=employee&q=o") == ["bob", "carol"]
    # A value the form does not offer is ignored rather than failing the page.
    assert len(_listed(client, "?role=superuser&state=maybe&sort=shoe")) == 6


def test_sorting_by_username_name_and_creation(client, login, accounts):
    login(accounts["erin"])
    assert _listed(client) == ["alice", "bob", "carol", "dave", "Erin_100%", "frank"]  # case does not matter
    assert _listed(client, "?sort=newest") == ["frank", "Erin_100%", "dave", "carol", "bob", "alice"]
    assert _listed(client, "?sort=oldest") == ["alice", "bob", "carol", "dave", "Erin_100%", "frank"]
    # The name shown: display name, else the employee's name, else the username.
    by_name = _listed(client, "?sort=name")
    shown = {"alice": "alice", "bob": "赵六", "carol": "钱七", "dave": "dave", "Erin_100%": "Erin_100%", "frank": "阿福"}
    assert by_name == sorted(shown, key=lambda username: (shown[username].lower(), username))


def test_pages_keep_the_search_filters_and_order(app, client, login, accounts, make_user):
    for n in range(5):
        make_user("employee", username=f"zz-{n}")
    login(accounts["erin"])
    app.config["PAGE_SIZE"] = 3
    try:
        page = client.get("/admin/users?role=employee&sort=newest&page=2").get_data(as_text=True)
        assert "共 8 条，显示第 4–6 条" in page
        assert "/admin/users?role=employee&amp;sort=newest&amp;page=3" in page
        assert "/admin/users?role=employee&amp;sort=newest&amp;page=1" in page
        assert client.get("/admin/users?role=employee&page=4").status_code == 404
    finally:
        app.config["PAGE_SIZE"] = 50


def test_the_list_shows_creation_dates_and_the_chosen_filters_per_language(client, login, accounts):
    login(accounts["erin"])
    page = client.get("/admin/users?q=bob&role=employee&state=active&sort=newest").get_data(as_text=True)
    assert "2025年3月2日" in page
    assert 'value="bob"' in page and '<option selected value="employee">' in page
    assert '<option selected value="newest">最近创建的在前</option>' in page
    assert "没有符合条件的用户" in client.get("/admin/users?q=nobody").get_data(as_text=True)
    client.post("/language/en", data={"next": "/"})
    page = client.get("/admin/users?sort=oldest").get_data(as_text=True)
    assert "Mar 2, 2025" in page and "Oldest first" in page
    assert db.session.get(User, accounts["bob"].id).employee.staff_no == "S0042"
