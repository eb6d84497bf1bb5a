"""The staff roster pages of the posts blueprint.

URL                         handler   who
/roster/                    roster    HR (the whole unit), heads (people holding a post in their departments)
  ?q=… a word of a name, 工号, department or post (and posts by a word of their duties); ?department=<id>
/roster/<employee>          person    as roster: HR anyone, heads the people of their departments (else 404)

hrflow/posts/__init__.py imports this module so its views are on the blueprint before it is registered."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from hrflow.access import staff_manager_required
from hrflow.assessment.access import RESULT_VISIBLE
from hrflow.assessment.consequences import person_consequences
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import Employee, Role
from hrflow.models.assessment import label
from hrflow.models.org import department_tree
from hrflow.posts import roster as staff_roster
from hrflow.posts.forms import RosterFilterForm
from hrflow.posts.routes import bp
from hrflow.web.pagination import paginate_rows


def _reach() -> set[int] | None:
    """The departments the reader may see people of (None: the whole unit)."""
    return None if current_user.is_hr else current_user.headed_department_ids()


@bp.route("/roster/")
@staff_manager_required
def roster():
    reach = _reach()
    tree = department_tree()
    shown = [row for row in tree.rows if reach is None or row.id in reach]
    choices = sorted(((row.id, tree.paths[row.id]) for row in shown), key=lambda choice: tree.order[choice[0]])
    form = RosterFilterForm(formdata=request.args, departments=choices)
    form.validate()
    search, department = form.search(), form.department_id()
    today = unit_today()
    page = paginate_rows(staff_roster.people_query(search, department_ids=tree.subtree([department]) if department
                                                   else None, reach=reach, on=today), make=staff_roster.RosterRow)
    return render_template("posts/roster.html", form=form, page=page, search=search,
                           posts=staff_roster.current_posts([row.id for row in page.items], today),
                           post_hits=staff_roster.post_hits(search, reach=reach) if search else None,
                           hits_limit=staff_roster.POST_HITS_LIMIT)


@bp.route("/roster/<int:employee_id>")
@staff_manager_required
def person(employee_id: int):
    employee = db.session.get(Employee, employee_id)
    reach = _reach()
    if employee is None or not staff_roster.in_reach(employee, reach, unit_today()):
        abort(404)
    page = staff_roster.person_page(employee, with_login=current_user.is_hr)
    return render_template(
        "posts/person.html", person=page, today=unit_today(), reach=reach, label=label,
        grade_visible=lambda result: reach is None or result.cycle_status in RESULT_VISIBLE,
        role_label=lambda role: Role(role).label,
        # What each year's result entails (薪级, post grade, flags): for HR, who acts on it.
        consequences=person_consequences(employee.id) if current_user.is_hr else None,
    )
