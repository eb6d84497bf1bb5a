"""A department's 岗位说明书 booklet opens with its contents: department → post → the page the post's form
starts on, as WeasyPrint counts it (target-counter), read back from the PDF page by page."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

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


# ---------------------------------------------------------------- the booklet as a batch (hrflow.pdf.batch)

def _batch_bytes(department, **options) -> bytes:
    import io

    from hrflow.printing.documents.posts import write_post_booklet_pdf

    output = io.BytesIO()
    write_post_booklet_pdf(department, output, **options)
    return output.getvalue()


@pytest.mark.parametrize("size", [1, 4, 50])
def test_the_unit_booklet_in_chunks_reads_page_for_page_as_the_one_piece_document(app, seeded, size, monkeypatch):
    """Cover and contents rendered after the chunks, with the page numbers the chunks gave: every page's text,
    the contents' numbers and the stamped "第 n 页 共 m 页" are the one-piece render's."""
    monkeypatch.setitem(app.config, "PRINT_CHUNK_FORMS", size)
    with app.test_request_context():
        whole = render_post_booklet_pdf(None)
        joined = _batch_bytes(None, workers=1)
    expected, got = _page_texts(whole), _page_texts(joined)
    assert len(expected) == 2 + 21  # cover, contents, then 21 forms
    assert got == expected
    assert "第 23 页 共 23 页" in got[-1]


def test_contents_of_several_pages_number_the_posts_after_themselves(app, monkeypatch):
    """48 posts in 6 departments: the contents take two pages, so the first form is on page 4, as the
    one-piece render counts it."""
    from bench.synthetic import build_unit

    build_unit(departments=6, posts_per_department=8)
    monkeypatch.setitem(app.config, "PRINT_CHUNK_FORMS", 10)
    with app.test_request_context():
        whole = render_post_booklet_pdf(None)
        joined = _batch_bytes(None, workers=1)
    expected, got = _page_texts(whole), _page_texts(joined)
    assert "目 录" in got[1] and "目 录" not in got[3] and "岗位说明书" in got[3]
    assert re.search(r"岗位1\s*\.[.\s]*4\n", got[1])  # 第1部 岗位1 starts on page 4
    assert len(expected) == 3 + 48
    assert got == expected


def test_a_department_booklet_in_a_pool_of_processes_is_the_same_and_has_bookmarks(app, seeded, monkeypatch):
    import io

    from pypdf import PdfReader

    monkeypatch.setitem(app.config, "PRINT_CHUNK_FORMS", 2)
    with app.test_request_context():
        department = find_department("成人部")
        whole = render_post_booklet_pdf(department)
        joined = _batch_bytes(department, workers=2)
    pages = _page_texts(joined)
    assert pages == _page_texts(whole)
    reader = PdfReader(io.BytesIO(joined))
    groups = [entry["/Title"] for entry in reader.outline if not isinstance(entry, list)]
    assert groups == ["成人部/流通部", "成人部/报刊自习部", "成人部/社会工作部"]
    posts = [post for entry in reader.outline if isinstance(entry, list) for post in entry]
    assert len(posts) == 5
    for post in posts:  # each bookmark opens the page where that post's form starts
        page = re.sub(r"\s+", "", pages[reader.get_destination_page_number(post)])
        assert "岗位说明书" in page and re.sub(r"\s+", "", post["/Title"]) in page


def test_an_empty_department_booklet_is_its_cover_and_contents(app, seeded):
    from hrflow.extensions import db
    from hrflow.models import Department

    with app.test_request_context():
        empty = Department(name="新设部门", position=999)
        db.session.add(empty)
        db.session.flush()
        whole = render_post_booklet_pdf(empty)
        joined = _batch_bytes(empty, workers=1)
    assert _page_texts(joined) == _page_texts(whole)
    assert len(_page_texts(joined)) == 2
