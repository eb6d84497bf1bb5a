"""平时考核 pages on the assessment blueprint: heads record their departments' quarterly results, HR everyone's.

URL (under /assessment)                       method     handler          who
/quarterly                                    GET        quarterly        HR, heads: the departments in reach
/<year>/quarterly/<department>                GET, POST  quarterly_grid   HR; heads: their departments

A department out of a head's reach answers 404; the grid lists only the people the user records (a head's own
results are the unit's to record). One Save for the whole grid (hrflow.assessment.quarterly.record_results)."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrflow.access import can_see_department, require, staff_manager_required
from hrflow.assessment import quarterly, queries
from hrflow.assessment.quarterly_forms import quarter_note_field, quarterly_grid_form, result_field
from hrflow.assessment.routes import bp
from hrflow.models.assessment import label
from hrflow.models.assessment_inputs import QUARTERS
from hrflow.models.org import department_tree
from hrflow.web.handlers import Done, handle


@bp.route("/quarterly")
@staff_manager_required
def quarterly_index():
    cycle = queries.latest_cycle()
    tree = department_tree()
    if current_user.is_hr:
        roots = [row.id for row in tree.rows if row.parent_id is None]
    else:
        roots = sorted((d.id for d in current_user.departments), key=tree.order.__getitem__)
    return render_template("assessment/quarterly_index.html", cycle=cycle, departments=[(i, tree.paths[i]) for i in roots],
                           open_now=cycle is not None and quarterly.recording_open(cycle),
                           cycles=queries.list_cycles())


@bp.route("/<int:year>/quarterly/<int:department_id>", methods=["GET", "POST"])
@staff_manager_required
def quarterly_grid(year: int, department_id: int):
    cycle = queries.find_cycle(year)
    tree = department_tree()
    department = tree.by_id.get(department_id)
    if cycle is None or department is None:
        abort(404)
    require(can_see_department(current_user, department))
    assessments = queries.department_assessments(cycle, tree.subtree([department_id]))
    people = quarterly.grid_people(cycle, current_user, assessments)
    saved = quarterly.results_for(cycle, [p.employee_id for p in people])
    grid = quarterly_grid_form(people, saved, **({"formdata": None} if request.method == "GET" else {}))

    def save() -> Done:
        changed = quarterly.record_results(cycle, grid.entries(), actor=current_user)
        return Done(request.path, _("已保存平时考核结果：%(n)s 处有变化。", n=changed))

    def page(error: str | None) -> str:
        return render_template(
            "assessment/quarterly.html", cycle=cycle, department_path=tree.paths[department_id], grid=grid,
            people=people, quarters=QUARTERS, result_field=result_field, note_field=quarter_note_field,
            left_out=len(assessments) - len(people), editable=quarterly.recording_open(cycle),
            barred=quarterly.barred_excellent(cycle, [p.employee_id for p in people]), error=error,
            back=url_for(".quarterly_index"), label=label)

    return handle(grid, save, page=page)
