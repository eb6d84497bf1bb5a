"""Every page passes axe-core (https://github.com/dequelabs/axe-core, pinned in tests/e2e/package.json; `make
test` runs `npm ci` there) with no serious or critical violation. Each role's pages are found as a person finds
them: following links from where the sign-in lands, one page per kind of address (/posts/12 and /posts/13 are
the same template), downloads (PDF, spreadsheets) left out."""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.e2e.conftest import login_as

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# Downloads and sign-out: not pages to check (and following "退出" would end the crawl).
_NOT_PAGES = re.compile(r"(\.(pdf|xlsx|csv|json|docx|zip)$|/download$|^/logout|^/login/sso|^/static/)")
_MAX_PAGES = 60  # a bound: more kinds of page than any role reaches today


def _kind(path: str) -> str:
    """/assessment/2025/departments/3 and …/departments/4 are one kind of page; so are years."""
    return re.sub(r"/\d+", "/N", path.rstrip("/") or "/")


def axe_violations(page) -> list[dict]:
    """Serious and critical violations axe-core finds in the page as it stands."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 8).map(n => n.target.join(' '))}));
    }""")
    return [violation for violation in result if violation["impact"] in ("serious", "critical")]


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(urljoin(page.url, href))
        if f"{parts.scheme}://{parts.netloc}" == origin and not _NOT_PAGES.search(parts.path):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl_and_check(page, origin: str, start: str) -> tuple[list[str], dict[str, list[dict]]]:
    """Visit every kind of page reachable by links from `start`; axe-core checks each. Returns the pages
    visited and the violations by page."""
    seen_kinds: set[str] = set()
    queue = deque([start])
    visited: list[str] = []
    problems: dict[str, list[dict]] = {}
    while queue and len(visited) < _MAX_PAGES:
        address = queue.popleft()
        kind = _kind(urlsplit(address).path)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        response = page.goto(address)
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(urlsplit(page.url).path)
        found = axe_violations(page)
        if found:
            problems[page.url] = found
        queue.extend(_links(page, origin))
    return visited, problems


def summary(problems: dict[str, list[dict]]) -> dict[str, dict]:
    """By rule: what it asks, the pages where it fails and a few of the elements (readable in a failure)."""
    rules: dict[str, dict] = {}
    for address, violations in problems.items():
        for violation in violations:
            rule = rules.setdefault(violation["id"], {"help": violation["help"], "pages": [], "nodes": []})
            rule["pages"].append(urlsplit(address).path)
            rule["nodes"] += [node for node in violation["nodes"] if node not in rule["nodes"]][:4]
    return rules


def test_axe_core_is_installed():
    """`make test` installs it (npm ci in tests/e2e); without it every check below would fail alike."""
    assert AXE.is_file(), "run `make browser-test-tools` (npm ci in tests/e2e)"


@pytest.mark.parametrize("role", ["hr", "head", "employee", "admin"])
def test_accessibility_every_page_a_role_reaches(make_page, live_server, role):
    page = make_page(bypass_csp=True)  # the pages forbid inline scripts; axe is injected as one
    login_as(page, live_server, role)
    visited, problems = crawl_and_check(page, live_server.url, urlsplit(page.url).path)
    assert len(visited) >= 3, visited  # the crawl reached beyond the home page
    assert not problems, json.dumps(summary(problems), ensure_ascii=False, indent=1)


def test_accessibility_pages_before_sign_in(make_page, live_server):
    page = make_page(bypass_csp=True)  # the pages forbid inline scripts; axe is injected as one
    visited, problems = crawl_and_check(page, live_server.url, "/login")
    assert "/login" in visited
    assert not problems, json.dumps(summary(problems), ensure_ascii=False, indent=1)


def test_axe_finds_a_missing_label(make_page, live_server):
    """The check itself works: an unlabelled field in a page is reported as a violation."""
    page = make_page(bypass_csp=True)  # the pages forbid inline scripts; axe is injected as one
    page.goto("/login")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=\"text\">')")
    assert "label" in {violation["id"] for violation in axe_violations(page)}
