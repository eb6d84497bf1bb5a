from flask import Blueprint

bp = Blueprint("recruitment", __name__, url_prefix="/recruitment")

from hrflow.recruitment import jobs, routes  # noqa: E402,F401
