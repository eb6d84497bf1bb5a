"""The one pagination helper: pages of a list, links that keep the filters, 404 past the end."""

from hrflow.extensions import db
from hrflow.models import AuditLog


def test_audit_log_pages_keep_their_filter(app, client, login, make_user):
    login(make_user("admin"))
    app.config["PAGE_SIZE"] = 5
    try:
        for n in range(12):
            db.session.add(AuditLog(actor="cli", action="posts.edit", summary=f"第{n}条"))
        db.session.add(AuditLog(actor="cli", action="users.update", summary="other"))
        db.session.commit()
        second = client.get("/admin/audit?action=posts.edit&page=2")
        assert second.status_code == 200
        page = second.get_data(as_text=True)
        assert "共 12 条，显示第 6–10 条" in page
        assert "/admin/audit?action=posts.edit&amp;page=3" in page
        assert "/admin/audit?action=posts.edit&amp;page=1" in page
        assert client.get("/admin/audit?action=posts.edit&page=4").status_code == 404
    finally:
        app.config["PAGE_SIZE"] = 50


def test_page_links_are_what_url_for_builds_with_the_filters_kept(app):
    from flask import url_for

    from hrflow.web.pagination import PageUrls, page_url

    for q in ("李 四", "987654321"):  # the second holds the digits that mark where a page's number goes
        with app.test_request_context(f"/recruitment/7/applicants?q={q}&status=eligible&page=2&sort=name"):
            from flask import request

            request.url_rule = app.url_map.bind("localhost").match("/recruitment/7/applicants", return_rule=True)[0]
            request.view_args = {"round_id": 7}
            links = PageUrls()
            for n in (1, 3, 120):
                expected = url_for("recruitment.applicants", round_id=7, q=q, status="eligible", page=n, sort="name")
                assert page_url(n) == expected and links(n) == expected
