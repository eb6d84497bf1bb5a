"""PDF rendering with WeasyPrint and a derived CJK font (see ../shared/docs/pdf-fonts.md)."""

from hrflow.pdf.fonts import FontError, FontReport, ensure_font_cache
from hrflow.pdf.render import render_pdf

__all__ = ["FontError", "FontReport", "ensure_font_cache", "render_pdf"]
