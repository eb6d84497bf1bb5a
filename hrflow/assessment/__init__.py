"""Annual assessment (年度考核): cycles, forms, the 优秀 quota, acknowledgement and appeal."""
from flask import Blueprint

bp = Blueprint("assessment", __name__, url_prefix="/assessment")

from hrflow.assessment import routes  # noqa: E402,F401
