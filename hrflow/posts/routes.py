from flask import render_template

from hrflow.access import hr_required, staff_manager_required
from hrflow.posts import bp
from flask_login import login_required


@bp.route("/posts/")
@staff_manager_required
def catalogue():
    return render_template("base.html")


@bp.route("/posts/import", methods=["GET", "POST"])
@hr_required
def import_upload():
    return render_template("base.html")


@bp.route("/my-post")
@login_required
def my_post():
    return render_template("base.html")
