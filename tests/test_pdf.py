"""Chinese PDFs: embedded CJK fonts, text that reads back, rare name characters, escaping, the font cache."""

import json
import re

import pytest

from hrflow.pdf.fonts import ensure_font_cache, subset_characters
from hrflow.posts.queries import find_department, find_post
from hrflow.printing.documents.posts import (
    post_booklet_html,
    post_description_html,
    render_post_booklet_pdf,
    render_post_description_pdf,
)
from tests.pdfcheck import ink_outside_margins, pdf_fonts, pdf_pages, pdf_text


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_post_description_reads_back_in_chinese(app, seeded):
    with app.test_request_context():
        post = find_post("成人部/流通部/工作人员")
        data = render_post_description_pdf(post)
    assert data.startswith(b"%PDF")
    text = compact(pdf_text(data))
    for expected in ("岗位说明书", "成人部/流通部", "工作人员", "接收采编部移交文献，做好上架推介工作。", "设岗人数", "10",
                     "第1页共1页", "市图书馆"):
        assert expected in text
    fonts = pdf_fonts(data)
    assert "HRFlow-CJK" in fonts and "CID TrueType" in fonts


def test_the_form_stays_inside_the_page_margins(app, seeded):
    with app.test_request_context():
        data = render_post_description_pdf(find_post("办公室/主任"))
    assert ink_outside_margins(data) == 0


def test_rare_name_characters_never_print_as_boxes(app, seeded):
    with app.test_request_context():
        post = find_post("办公室/主任")
        post.current.supervisor = "馆长 陈喆 王堃 李玥"
        data = render_post_description_pdf(post)
    assert "馆长陈喆王堃李玥" in compact(pdf_text(data))
    assert not set("喆堃玥") & set(subset_characters())  # outside the derived font …
    assert "Noto-Serif-CJK-SC" in pdf_fonts(data)  # … so the system font prints them


def test_database_text_is_escaped(app, seeded):
    with app.test_request_context():
        post = find_post("采编部/工作人员")
        post.current.duties = ["<script>alert(1)</script> & 其他"]
        html = post_description_html(post)
        data = render_post_description_pdf(post)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 其他" in html
    assert "<script>alert(1)</script>&其他" in compact(pdf_text(data))


def test_truncated_post_prints_what_it_has(app, seeded):
    with app.test_request_context():
        data = render_post_description_pdf(find_post("成人部/社会工作部/主任"))
    assert "（待补充）" in pdf_text(data)


def test_department_booklet_one_post_per_page(app, seeded):
    with app.test_request_context():
        department = find_department("成人部")
        html = post_booklet_html(department)
        data = render_post_booklet_pdf(department)
    assert html.count('class="form"') == 5  # 流通部 ×2, 报刊自习部 ×2, 社会工作部 ×1
    assert pdf_pages(data) >= 1 + 5  # a cover, then each post on its own page(s)
    text = pdf_text(data)
    assert "成人部 岗位说明书" in text
    assert text.index("流通部") < text.index("报刊自习部") < text.index("社会工作部")


def test_unit_booklet_has_every_post(app, seeded):
    with app.test_request_context():
        html = post_booklet_html(None)
    assert html.count('class="form"') == 21


def test_font_cache_is_reused_and_rebuilt_when_the_source_changes(app, tmp_path, monkeypatch):
    first = ensure_font_cache()
    assert first.derived.exists() and first.glyphs > 7000
    assert ensure_font_cache().built is False
    meta = first.derived.with_name("hrflow-cjk.json")
    stored = json.loads(meta.read_text())
    # A changed source font (new package version) makes the cache stale.
    stored["fingerprint"]["size"] += 1
    cache = tmp_path / "fonts"
    cache.mkdir()
    (cache / first.derived.name).write_bytes(first.derived.read_bytes())
    (cache / meta.name).write_text(json.dumps(stored))
    monkeypatch.setitem(app.config, "FONT_CACHE_DIR", str(cache))
    from hrflow.pdf import fonts

    monkeypatch.setattr(fonts, "subset_characters", lambda: "ABC岗位说明书")  # a small font builds fast
    rebuilt = ensure_font_cache()
    assert rebuilt.built is True and rebuilt.glyphs < 100
    assert ensure_font_cache().built is False


def test_fonts_command_fails_loudly_without_harfbuzz(runner, monkeypatch):
    from hrflow.pdf import fonts

    monkeypatch.setattr(fonts, "harfbuzz_subsetting_available", lambda: False)
    result = runner.invoke(args=["fonts"])
    assert result.exit_code == 1 and "libharfbuzz-subset0" in result.stderr


def test_fonts_command_lists_the_files(runner):
    result = runner.invoke(args=["fonts"])
    assert result.exit_code == 0 and "NotoSerifCJK" in result.stdout and "HarfBuzz" in result.stdout


@pytest.mark.parametrize("args", [["print", "post-description", "少儿部/主任"], ["print", "post-descriptions", "--department", "少儿部"]])
def test_print_commands(runner, seeded, tmp_path, args):
    target = tmp_path / "out.pdf"
    result = runner.invoke(args=[*args, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "少儿部" in pdf_text(target.read_bytes())


def test_print_unknown_post_is_a_clear_error(runner, seeded, tmp_path):
    result = runner.invoke(args=["print", "post-description", "少儿部/馆长", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "找不到岗位“少儿部/馆长”" in result.stderr
