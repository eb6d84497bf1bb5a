from flask import Blueprint

bp = Blueprint("recruitment", __name__, url_prefix="/recruitment")

from hrflow.recruitment import routes  # noqa: E402,F401
