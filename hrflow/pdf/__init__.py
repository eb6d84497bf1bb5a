"""PDF rendering with WeasyPrint (render.py) and a derived CJK font (fonts.py; see ../shared/docs/pdf-fonts.md).
The documents themselves are in hrflow.printing.documents."""
