from flask import Blueprint

bp = Blueprint("printing", __name__, url_prefix="/print")

# One module of print routes per area; each only checks access and streams the PDF.
from hrflow.printing import assessment, recruitment, routes  # noqa: E402,F401
