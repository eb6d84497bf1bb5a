"""民主测评 pages on the assessment blueprint: HR opens, prints and closes ballots; voters need no login.

URL (under /assessment)                       method     handler          who
/ballots                                      GET, POST  ballots          HR: every ballot; opens one for the latest cycle
/ballots/<ballot>                             GET        ballot           HR: turnout, and the tallies once shown
/ballots/<ballot>/slips                       POST       ballot_slips     HR: new one-time codes, as a PDF of slips
/ballots/<ballot>/close                       POST       ballot_close     HR
/vote                                         GET, POST  vote             anyone: a code, then the ballot paper
/vote/<code>                                  GET        vote_code        anyone holding a valid code (a slip's QR code)

Wrong codes are counted per address (BALLOT_CODE_FAILURES_PER_CLIENT within LOGIN_FAILURE_WINDOW_MINUTES, in
Redis or the database as sign-in failures are: hrflow/auth/throttle.py); past the limit the address gets 429.
A wrong code answers 200 with the refusal, as a failed sign-in does, so the count is committed."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrflow.access import hr_required
from hrflow.assessment import ballots, queries
from hrflow.assessment.ballot_forms import (
    CodeForm,
    OpenBallotForm,
    PrintCodesForm,
    dimension_vote_field,
    rating_field,
    vote_form,
)
from hrflow.assessment.ballot_slips import render_slips_pdf
from hrflow.assessment.routes import bp
from hrflow.auth.throttle import Limits, Throttle, Unlimited, _counter_for
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import AssessmentError, Ballot, BallotCode, Department, Dimension
from hrflow.models.assessment import GRADE_LABELS
from hrflow.models.org import department_tree
from hrflow.web.forms import FlaskForm
from hrflow.web.handlers import Done, handle, refusal
from hrflow.web.responses import pdf_response

# Wrong codes are counted under this name, from "vote:<address>" (apart from the address's sign-in failures).
THROTTLE_ACCOUNT = "#民主测评码#"


def _load_ballot(ballot_id: int) -> Ballot:
    return db.get_or_404(Ballot, ballot_id)


# ---------------------------------------------------------------- HR

def _departments() -> list[tuple[int, str]]:
    tree = department_tree()
    return [(row.id, tree.paths[row.id]) for row in sorted(tree.rows, key=lambda r: tree.order[r.id])]


@bp.route("/ballots", methods=["GET", "POST"])
@hr_required
def ballots_index():
    cycle = queries.latest_cycle()
    form = OpenBallotForm(_departments())

    def open_one() -> Done:
        if cycle is None:
            raise AssessmentError("还没有年度考核，请先开启年度考核")
        department = db.session.get(Department, form.department_id) if form.department_id else None
        ballot = ballots.open_ballot(cycle, actor=current_user, department=department, dimensions=form.dimensions.data,
                                     min_votes=form.min_votes.data, title=form.title.data)
        return Done(url_for(".ballot", ballot_id=ballot.id), _("已开启民主测评“%(title)s”。请打印测评票。", title=ballot.title))

    def page(error: str | None) -> str:
        listed = [(b, ballots.turnout(b)) for c in queries.list_cycles() for b in ballots.cycle_ballots(c)]
        return render_template("assessment/ballots.html", cycle=cycle, form=form, listed=listed, error=error,
                               opening=cycle is not None and cycle.status in ballots.OPENING_STEPS)

    return handle(form, open_one, page=page)


def _ballot_page(ballot: Ballot, *, print_form: PrintCodesForm | None = None, error: str | None = None) -> str:
    counts = ballots.turnout(ballot)
    people = ballots.subjects(ballot)
    return render_template(
        "assessment/ballot.html", ballot=ballot, counts=counts, people=people,
        tallies=ballots.ballot_tallies(ballot, [p.employee_id for p in people]),
        shown=ballots.results_shown(ballot, counts), grades=list(GRADE_LABELS.items()), dimensions=list(Dimension),
        print_form=print_form or PrintCodesForm(formdata=None, data={"count": len(people)}),
        close_form=FlaskForm(formdata=None), error=error)


@bp.route("/ballots/<int:ballot_id>")
@hr_required
def ballot(ballot_id: int):
    return _ballot_page(_load_ballot(ballot_id))


@bp.route("/ballots/<int:ballot_id>/slips", methods=["POST"])
@hr_required
def ballot_slips(ballot_id: int):
    """The codes exist in clear only in this answer: the PDF is made here, not by a background job."""
    ballot = _load_ballot(ballot_id)
    form = PrintCodesForm()
    error = None
    if form.validate_on_submit():
        try:
            codes = ballots.issue_codes(ballot, form.count.data, actor=current_user)
        except DomainError as refused:
            error = refusal(refused, form)
        else:
            base = (current_app.config.get("BASE_URL") or request.host_url).rstrip("/")
            pdf = render_slips_pdf(ballot, codes, lambda code: base + url_for(".vote_code", code=code),
                                   base + url_for(".vote"))
            return pdf_response(pdf, f"ballot-{ballot.id}-slips.pdf", attachment=True)
    return _ballot_page(ballot, print_form=form, error=error), 422


@bp.route("/ballots/<int:ballot_id>/close", methods=["POST"])
@hr_required
def ballot_close(ballot_id: int):
    ballot = _load_ballot(ballot_id)
    form = FlaskForm()

    def close() -> Done:
        ballots.close_ballot(ballot, actor=current_user)
        return Done(url_for(".ballot", ballot_id=ballot.id), _("民主测评已结束。"))

    return handle(form, close, page=lambda error: _ballot_page(ballot, error=error))


# ---------------------------------------------------------------- voters (no login)

def vote_throttle() -> Throttle | Unlimited:
    app = current_app._get_current_object()
    if not app.config["RATELIMIT_ENABLED"]:
        return Unlimited()
    throttle = app.extensions.get("hrflow.vote_throttle")
    if throttle is None:
        per_client = app.config["BALLOT_CODE_FAILURES_PER_CLIENT"]
        limits = Limits(window=timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"]), per_pair=per_client,
                        per_client=per_client, per_account=per_client)
        throttle = app.extensions["hrflow.vote_throttle"] = Throttle(_counter_for(app), limits)
    return throttle


def _client() -> str:
    return "vote:" + (request.remote_addr or "")


def _code_page(form: CodeForm, error: str | None = None, status: int = 200):
    return render_template("assessment/vote_code.html", form=form, error=error), status


def _too_many(form: CodeForm):
    minutes = vote_throttle().window_minutes
    response = make_response(*_code_page(form, _("测评码错误次数过多，请 %(minutes)s 分钟后再试。", minutes=minutes), 429))
    response.headers["Retry-After"] = str(minutes * 60)
    return response


def _checked_code(code: str | None, form: CodeForm):
    """The stored code when it may vote now; else the answer to give (the code page with why)."""
    throttle = vote_throttle()
    if throttle.refuses(THROTTLE_ACCOUNT, _client(), known_device=True):
        return None, _too_many(form)
    stored = ballots.find_code(code)
    if stored is None:
        throttle.failed(THROTTLE_ACCOUNT, _client())
    why = ballots.usable(stored)
    if why:
        return None, _code_page(form, _("测评码不正确。") if stored is None else why)
    return stored, None


def _paper(stored: BallotCode, code: str, form=None, error: str | None = None):
    """The ballot paper for a valid code: every colleague of the ballot's scope, the code carried along."""
    ballot = stored.ballot
    people = ballots.subjects(ballot)
    form = form or vote_form(people, ballot.dimensions, formdata=None, data={"code": ballots.normalise(code)})
    return render_template("assessment/vote.html", ballot=ballot, people=people, form=form, error=error,
                           rating_field=rating_field, dimension_field=dimension_vote_field, dimensions=list(Dimension))


@bp.route("/vote", methods=["GET", "POST"])
def vote():
    if request.method == "POST" and "cast" in request.form:
        return _cast()
    form = CodeForm()
    if not form.validate_on_submit():
        return _code_page(form, status=422 if form.errors else 200)
    stored, answer = _checked_code(form.code.data, form)
    if answer is not None:
        return answer
    return _paper(stored, form.code.data)


@bp.route("/vote/<code>")
def vote_code(code: str):
    form = CodeForm(formdata=None, data={"code": ballots.shown(ballots.normalise(code))})
    stored, answer = _checked_code(code, form)
    if answer is not None:
        return answer
    return _paper(stored, code)


def _cast():
    code = request.form.get("code", "")
    stored, answer = _checked_code(code, CodeForm(formdata=None, data={"code": code}))
    if answer is not None:
        return answer
    ballot = stored.ballot
    form = vote_form(ballots.subjects(ballot), ballot.dimensions)

    def cast() -> Done:
        ballots.cast_vote(form.code.data, form.ratings(), form.dimension_ratings())
        return Done(url_for(".vote"), _("感谢参加民主测评，您的测评已提交。"))

    return handle(form, cast, page=lambda error: _paper(stored, code, form, error))
