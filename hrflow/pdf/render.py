"""HTML → PDF with one WeasyPrint font configuration and pre-parsed stylesheets per process.

A batch is one document (page breaks between forms) rendered once: far faster than N PDFs."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from flask import current_app, render_template

from hrflow.pdf.fonts import FAMILY, ensure_font_cache

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=8)
def _stylesheets(font_file: str, mtime: float, unit_name: str, static_folder: str):
    """The font face, the page frame (unit name, page numbers) and print.css, parsed once."""
    from weasyprint import CSS

    config = _font_configuration()
    fallbacks = '"Noto Serif CJK SC", "Noto Sans CJK SC"'
    quoted_unit = unit_name.replace("\\", "\\\\").replace('"', '\\"')
    frame = f"""
    @font-face {{ font-family: "{FAMILY}"; src: url("{Path(font_file).as_uri()}"); }}
    @page {{
      size: A4; margin: 22mm 18mm 20mm 18mm;
      @top-left {{ content: "{quoted_unit}"; font-family: "{FAMILY}", {fallbacks}; font-size: 9pt; color: #555; }}
      @top-right {{ content: string(doctitle); font-family: "{FAMILY}", {fallbacks}; font-size: 9pt; color: #555; }}
      @bottom-center {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页";
                        font-family: "{FAMILY}", {fallbacks}; font-size: 9pt; color: #555; }}
    }}
    html {{ font-family: "{FAMILY}", {fallbacks}, sans-serif; }}
    """
    return [
        CSS(string=frame, font_config=config),
        CSS(filename=str(Path(static_folder) / "css" / "print.css"), font_config=config),
    ]


def render_html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    report = ensure_font_cache()
    stylesheets = _stylesheets(str(report.derived), report.derived.stat().st_mtime, current_app.config["UNIT_NAME"],
                               current_app.static_folder)
    document = HTML(string=html, base_url=current_app.static_folder)
    # WeasyPrint's font configuration is not thread-safe; threads of one worker take turns.
    with _lock:
        return document.write_pdf(stylesheets=stylesheets, font_config=_font_configuration())


def render_pdf(template: str, **context) -> bytes:
    return render_html_to_pdf(render_template(template, **context))
