"""HTML → PDF with one WeasyPrint font configuration and pre-parsed stylesheets per process.

A batch is one document (page breaks between forms) rendered once: far faster than N PDFs.

Measured on a 200-form booklet (bench/README.md): most of the time goes to work WeasyPrint does per
element, so print templates keep few elements, and the two settings below matter as much as the
fonts (pdf-fonts.md):
- the page-frame boxes (unit name, title, page numbers) have explicit widths; with `auto` WeasyPrint
  measures their content on every page to share out the width (about a seventh of the time);
- WeasyPrint's user-agent stylesheet styles the ::marker, ::footnote-* and ::note-* pseudo-elements
  of *every* element, so it computes seven styles per element; narrowed to the elements that have
  them it computes one (about a quarter of the time);
- Python's cyclic garbage collector is paused while a document is laid out (`_rendering`): it walked
  the growing layout again and again, about a quarter of a 登记表 page's CPU."""

from __future__ import annotations

import atexit
import gc
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app

from hrflow.pdf.fonts import FAMILY, ensure_font_cache

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# Dropped while the interpreter still stands: left to its teardown, FontConfiguration.__del__ finds the
# functions it calls already gone and prints a TypeError at every exit.
atexit.register(_font_configuration.cache_clear)


# The page number at the foot of every page. A batch renders its chunks without it and stamps it on
# the joined pages (hrflow.pdf.batch), where the total is known.
PAGE_NUMBER = '"第 " counter(page) " 页 共 " counter(pages) " 页"'


@lru_cache(maxsize=8)
def _stylesheets(font_file: str, mtime: float, unit_name: str, static_folder: str, footer: str | None = PAGE_NUMBER):
    """The font face, the page frame (unit name, page numbers) and print.css, parsed once."""
    from weasyprint import CSS

    config = _font_configuration()
    fallbacks = '"Noto Serif CJK SC", "Noto Sans CJK SC"'
    quoted_unit = unit_name.replace("\\", "\\\\").replace('"', '\\"')
    small = f'font-family: "{FAMILY}", {fallbacks}; font-size: 9pt; color: #555;'
    frame = f"""
    @font-face {{ font-family: "{FAMILY}"; src: url("{Path(font_file).as_uri()}"); }}
    @page {{
      size: A4; margin: 22mm 18mm 20mm 18mm;
      @top-left {{ content: "{quoted_unit}"; {small} width: 50%; }}
      @top-right {{ content: string(doctitle); {small} width: 50%; text-align: right; }}
      {f"@bottom-center {{ content: {footer}; {small} width: 50%; }}" if footer else ""}
    }}
    html {{ font-family: "{FAMILY}", {fallbacks}, sans-serif; }}
    """
    return [
        CSS(string=frame, font_config=config),
        CSS(filename=str(Path(static_folder) / "css" / "print.css"), font_config=config),
    ]


# WeasyPrint's user-agent rules for pseudo-elements that apply to every element, and the elements
# that really have them: list items their marker; footnotes and notes, which hrflow's print templates
# mark with class="footnote" / class="note", their calls and markers.
_UNIVERSAL_PSEUDO_RULES = (
    (re.compile(r"^::marker\b", re.M), "li::marker, summary::marker"),
    (re.compile(r"^::(footnote-(?:call|marker))\b", re.M), r".footnote::\1"),
    (re.compile(r"^::(note-(?:call|marker|callback))\b", re.M), r".note::\1"),
)


@lru_cache(maxsize=1)
def _document_class():
    """weasyprint.HTML with the narrowed user-agent stylesheet; plain HTML if this WeasyPrint version
    no longer has the pieces (then PDFs are the same, only slower)."""
    from weasyprint import CSS, HTML

    try:
        from weasyprint.html import UA, UA_COUNTER_STYLE
    except ImportError:
        return HTML
    if not callable(getattr(HTML, "_ua_stylesheets", None)):
        return HTML
    text = UA
    for pattern, replacement in _UNIVERSAL_PSEUDO_RULES:
        text = pattern.sub(replacement, text)
    user_agent = CSS(string=text, counter_style=UA_COUNTER_STYLE)

    class PrintHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [user_agent, *super()._ua_stylesheets(forms)[1:]]

    return PrintHTML


@contextmanager
def _rendering() -> Iterator[None]:
    """One render at a time, with Python's cyclic garbage collector paused.

    WeasyPrint's font configuration is not thread-safe: threads of one worker take turns.
    A render builds a tree of elements, boxes and styles that lives until the PDF is written, and the
    collector, woken every few hundred new objects, walked that growing tree again each time: about a
    quarter of the CPU of a 登记表 page (bench/README.md). Each render function lets go of its tree
    before the pause ends, so the collector's next pass walks it once, as garbage. A render is bounded
    (a document, or a batch's chunk), so the pause is too."""
    with _lock:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if was_enabled:
                gc.enable()


def _current_stylesheets(footer: str | None = PAGE_NUMBER):
    report = ensure_font_cache()
    return _stylesheets(str(report.derived), report.derived.stat().st_mtime, current_app.config["UNIT_NAME"],
                        current_app.static_folder, footer)


def _document(html: str):
    return _document_class()(string=html, base_url=current_app.static_folder)


def render_html_to_pdf(html: str) -> bytes:
    with _rendering():
        return _document(html).write_pdf(stylesheets=_current_stylesheets(), font_config=_font_configuration())


@dataclass
class LaidOut:
    """A rendered piece of a batch: its PDF, its page count and the page (from 0) of each element id."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]


def render_html_pieces(html: str, *, page_numbers: bool = True) -> LaidOut:
    """Like render_html_to_pdf, and says on which page each element with an id begins."""
    with _rendering():
        stylesheets = _current_stylesheets(PAGE_NUMBER if page_numbers else None)
        laid_out = _document(html).render(stylesheets=stylesheets, font_config=_font_configuration())
        anchors: dict[str, int] = {}
        for number, page in enumerate(laid_out.pages):
            for name in page.anchors:
                anchors.setdefault(name, number)
        pieces = LaidOut(laid_out.write_pdf(), len(laid_out.pages), anchors)
        del laid_out  # within the pause (_rendering)
    return pieces


def render_footer_sample(text: str) -> bytes:
    """An empty page whose foot says `text` where the page number stands, in the page number's font and
    box: hrflow.pdf.batch copies its glyphs and position to number a batch's joined pages."""
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    with _rendering():
        return _document("<!doctype html><html><body></body></html>").write_pdf(
            stylesheets=_current_stylesheets(quoted), font_config=_font_configuration())
