"""On a phone (390 px wide) the main pages do not scroll sideways: labels fit, and a wide table scrolls inside
its card instead of the page. Screenshots of each go to tests/artifacts/screenshots/phone-*.png."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login_as, screenshot

PAGES = {
    "hr": ["/dashboard/", "/posts/", "/roster/", "/recruitment/", "/assessment/2025", "/assessment/quarterly",
           "/assessment/ballots", "/assessment/records", "/admin/mail", "/dashboard/calendar"],
    "head": ["/home", "/posts/", "/roster/", "/assessment/quarterly"],
    "employee": ["/home", "/my-post", "/my-mail"],
    "admin": ["/admin/users", "/admin/audit"],
}


@pytest.mark.parametrize("role", sorted(PAGES))
def test_phone_pages_do_not_scroll_sideways(make_page, live_server, role):
    page = make_page(width=390, height=844)
    login_as(page, live_server, role)
    wide = {}
    for address in PAGES[role]:
        response = page.goto(address)
        assert response.ok, address
        scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        screenshot(page, f"phone-{role}-{address.strip('/').replace('/', '-') or 'home'}")
        if scroll_width > inner_width:
            wide[address] = scroll_width
    assert wide == {}, f"pages wider than 390 px: {wide}"
