from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

from hrflow.jobs import kinds, routes  # noqa: E402,F401
