"""hrflow.pdf.render: the narrowed user-agent stylesheet keeps lists and footnotes printing as before; a
render holds the cyclic collector off its growing layout."""

import gc
import re

import pytest
from weasyprint import HTML

from hrflow.pdf.render import _document_class, render_html_pieces, render_html_to_pdf
from tests.pdfcheck import pdf_text


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_narrowed_user_agent_stylesheet_is_in_use():
    # A WeasyPrint upgrade that drops the hook makes booklets slower, not wrong: this says so.
    document_class = _document_class()
    assert document_class is not HTML and issubclass(document_class, HTML)
    sheets = document_class(string="<p>x</p>")._ua_stylesheets()
    assert len(sheets) == 1


def test_numbered_and_bulleted_lists_keep_their_markers(app):
    html = ("<html><body><ol><li>第一条职责</li><li>第二条职责</li></ol>"
            "<ul><li>条件甲</li></ul></body></html>")
    with app.test_request_context():
        text = pdf_text(render_html_to_pdf(html))
    lines = [compact(line) for line in text.splitlines() if line.strip()]
    assert "1.第一条职责" in lines and "2.第二条职责" in lines
    assert "•条件甲" in lines


def test_footnotes_marked_with_their_class_get_a_call_and_a_marker(app):
    html = ("<html><head><style>.footnote { float: footnote }</style></head><body>"
            "<p>任职条件<span class=\"footnote\">见人事处通知</span>。</p></body></html>")
    with app.test_request_context():
        text = compact(pdf_text(render_html_to_pdf(html)))
    assert "任职条件1。" in text and "1.见人事处通知" in text


def _collections_during(render) -> int:
    started = []

    def count(phase, info):
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(count)
    try:
        render()
    finally:
        gc.callbacks.remove(count)
    return len(started)


def test_the_collector_does_not_walk_a_layout_while_it_is_built(app):
    # Twenty pages of table rows: tens of thousands of boxes and styles. Walked by the collector as
    # they grew, they cost about a quarter of a batch's CPU; now at most one pass, when the tree is let go.
    rows = "".join(f"<tr><td>第 {n} 行</td><td>岗位职责与任职条件</td></tr>" for n in range(900))
    html = f"<html><body><table>{rows}</table></body></html>"
    with app.test_request_context():
        gc.collect()
        collections = _collections_during(lambda: render_html_to_pdf(html))
        assert collections <= 1
        gc.disable()
        try:
            render_html_to_pdf("<p>x</p>")
            assert not gc.isenabled()  # left as it was found
        finally:
            gc.enable()
        render_html_to_pdf("<p>x</p>")
        assert gc.isenabled()


def test_a_failed_render_turns_the_collector_back_on(app):
    with app.test_request_context(), pytest.raises(TypeError):  # WeasyPrint: no document to read
        render_html_pieces(None)
    assert gc.isenabled()
