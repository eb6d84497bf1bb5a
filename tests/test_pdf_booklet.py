"""A department's 岗位说明书 booklet opens with its contents: department → post → the page the post's form
starts on, as WeasyPrint counts it (target-counter), read back from the PDF page by page."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from hrflow.posts.queries import find_department
from hrflow.printing.documents.posts import post_booklet_html, render_post_booklet_pdf
from tests.pdfcheck import pdf_pages


def _page_texts(data: bytes) -> list[str]:
    """The text of each page, read one page at a time."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(data)
        return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), file.name, "-"],
                               capture_output=True, text=True, check=True).stdout
                for n in range(1, pdf_pages(data) + 1)]


def test_booklet_contents_list_each_post_with_the_page_its_form_starts_on(app, seeded):
    with app.test_request_context():
        department = find_department("成人部")
        html = post_booklet_html(department)
        data = render_post_booklet_pdf(department)
    pages = _page_texts(data)
    contents = pages[1]
    assert "目 录" in contents and "目 录" not in pages[0]  # the cover, then the contents
    lines = [line.strip() for line in contents.splitlines() if line.strip()]
    departments = [line for line in lines if line in ("成人部/流通部", "成人部/报刊自习部", "成人部/社会工作部")]
    assert departments == ["成人部/流通部", "成人部/报刊自习部", "成人部/社会工作部"]
    listed, department_of = [], {}
    for line in lines:
        match = re.fullmatch(r"(.+?)\s*\.[.\s]*(\d+)", line)
        if line in departments:
            current = line
        elif match:
            listed.append((match.group(1), int(match.group(2))))
            department_of[listed[-1]] = current
    assert len(listed) == html.count('class="form"') == 5
    numbers = [number for _, number in listed]
    assert numbers == sorted(numbers) and numbers[0] == 3  # cover, contents, then the first form
    for name, number in listed:
        # The page the contents name is the post's form: its 部门 and 岗位名称 cells.
        page = re.sub(r"\s+", "", pages[number - 1])
        assert "岗位说明书" in page and department_of[(name, number)] in page and name in page, (name, number)
