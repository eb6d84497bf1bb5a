from flask import render_template

from hrflow.access import admin_required
from hrflow.admin import bp


@bp.route("/users")
@admin_required
def users():
    return render_template("base.html")


@bp.route("/audit")
@admin_required
def audit_log():
    return render_template("base.html")
