from flask import Blueprint

bp = Blueprint("printing", __name__, url_prefix="/print")

from hrflow.printing import routes  # noqa: E402,F401
