"""Post edits take an effective date (today in the unit's time zone unless HR says otherwise) and the version
page shows what changed against the version before."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from hrflow import clock
from hrflow.extensions import db
from hrflow.models import SYSTEM, AuditLog, User
from hrflow.posts import versions
from hrflow.posts.operations import PostError, edit_post
from hrflow.posts.queries import find_post
from tests.test_posts_web import _form

# 01:30 in Shanghai on 7 December is still 6 December on the server's UTC clock.
LATE_UTC = datetime(2026, 12, 6, 17, 30, tzinfo=UTC)


class FrozenClock(datetime):
    @classmethod
    def now(cls, tz=None):
        return LATE_UTC.astimezone(tz) if tz else LATE_UTC.replace(tzinfo=None)


@pytest.fixture
def late_evening(monkeypatch):
    monkeypatch.setattr(clock, "datetime", FrozenClock)


def user(name: str) -> User:
    return db.session.scalars(select(User).filter_by(username=name)).one()


def test_unit_today_is_the_day_in_shanghai_not_on_the_server(app, late_evening, monkeypatch):
    assert LATE_UTC.date() == date(2026, 12, 6)
    assert clock.unit_today() == date(2026, 12, 7)
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "UTC")
    assert clock.unit_today() == date(2026, 12, 6)  # the setting decides, not a constant


def test_an_edit_without_a_date_takes_effect_today_in_the_unit(demo, late_evening):
    post = find_post("办公室/办证咨询")
    created = edit_post(post, {"seats": 3}, actor=SYSTEM, reason="增设一个咨询岗位")
    assert created.effective_date == date(2026, 12, 7)
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "posts.edit")).one()
    assert entry.details["effective_date"] == "2026-12-07"


def test_an_edit_may_take_effect_later_but_never_before_the_version_it_replaces(demo):
    post = find_post("办公室/办证咨询")
    assert post.current.effective_date == date(2025, 1, 1)
    with pytest.raises(PostError, match="不能早于当前第 1 版的生效日期（2025-01-01）") as refused:
        edit_post(post, {"seats": 3}, actor=SYSTEM, reason="补录", effective_date=date(2024, 12, 31))
    assert refused.value.field == "effective_date"
    created = edit_post(post, {"seats": 3}, actor=SYSTEM, reason="2027 年起增设", effective_date=date(2027, 1, 1))
    assert (created.number, created.effective_date) == (2, date(2027, 1, 1))


def test_the_edit_page_offers_today_in_the_unit_and_saves_the_chosen_date(client, login, demo, late_evening):
    login(user("hr"))
    post = find_post("办公室/办证咨询")
    page = lxml_html.fromstring(client.get(f"/posts/{post.id}/edit").get_data(as_text=True))
    assert page.xpath("//input[@name='effective_date']/@value") == ["2026-12-07"]
    response = client.post(f"/posts/{post.id}/edit", data=_form(post, seats="3", reason="增设", effective_date="2027-01-01"))
    assert response.status_code == 302
    assert post.current.effective_date == date(2027, 1, 1)


def test_a_refused_date_is_shown_at_its_field_and_every_field_kept(client, login, demo):
    login(user("hr"))
    post = find_post("办公室/办证咨询")
    response = client.post(f"/posts/{post.id}/edit",
                           data=_form(post, seats="3", reason="补录旧调整", effective_date="2020-05-01"))
    assert response.status_code == 422
    page = lxml_html.fromstring(response.get_data(as_text=True))
    assert "不能早于当前第 1 版的生效日期" in page.get_element_by_id("effective_date-error").text_content()
    assert page.xpath("//input[@name='effective_date']/@value") == ["2020-05-01"]
    assert page.xpath("//input[@name='seats']/@value") == ["3"]
    assert page.xpath("//textarea[@name='reason']")[0].text_content().strip() == "补录旧调整"
    assert post.current.number == 1


def _changes(page) -> dict[str, tuple[str, str]]:
    rows = page.xpath("//table[contains(@class,'change-table')]/tbody/tr")
    return {row.xpath("./th")[0].text_content().strip():
            tuple(" ".join(td.text_content().split()) for td in row.xpath("./td")) for row in rows}


def test_the_version_page_shows_what_changed_field_by_field(client, login, demo):
    post = find_post("办公室/办证咨询")
    first = post.current
    kept, dropped = first.duties[0], first.duties[-1]
    edit_post(post, {"seats": first.seats + 1, "recruitable": not first.recruitable, "category": "management",
                     "duties": [*first.duties[:-1], "负责读者证件的电子化办理"]},
              actor=SYSTEM, reason="2026 年岗位调整", effective_date=date(2026, 3, 1))
    db.session.commit()
    login(user("hr"))
    page = lxml_html.fromstring(client.get(f"/posts/{post.id}/versions/2").get_data(as_text=True))
    card = page.xpath("//section[contains(@class,'version-changes')]")[0]
    assert "第 2 版与第 1 版相比的修改" in card.text_content() and "2026年3月1日" in card.text_content()
    changes = _changes(page)
    assert set(changes) == {"设岗人数", "空缺岗位可以招聘", "岗位类别", "岗位职责"}
    assert changes["设岗人数"] == (str(first.seats), str(first.seats + 1))
    assert changes["岗位类别"] == ("—", "管理")
    assert changes["岗位职责"] == (dropped, "负责读者证件的电子化办理")
    assert kept not in " ".join(changes["岗位职责"])
    # The first version has nothing before it; the current page shows the same comparison.
    assert not lxml_html.fromstring(client.get(f"/posts/{post.id}/versions/1").get_data(as_text=True)).xpath(
        "//section[contains(@class,'version-changes')]")
    assert _changes(lxml_html.fromstring(client.get(f"/posts/{post.id}").get_data(as_text=True))) == changes


def test_compare_marks_reordered_items_and_ignores_unchanged_fields(demo):
    post = find_post("办公室/办证咨询")
    first = post.current
    assert len(first.duties) > 1
    second = edit_post(post, {"duties": list(reversed(first.duties))}, actor=SYSTEM, reason="调整顺序")
    [change] = versions.compare(first, second)
    assert (change.key, change.reordered, change.removed, change.added) == ("duties", True, [], [])
    assert versions.compare(None, first) == []
