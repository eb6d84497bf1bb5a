"""民主测评: one-time codes kept as hashes, votes with nothing leading back to a code, one use even under
concurrency, results hidden while voting and below the minimum, the public voting pages and the slips."""

from __future__ import annotations

import re

import lxml.html
import pytest
from sqlalchemy import event, func, inspect, select

from hrflow.assessment import ballots, queries
from hrflow.extensions import db
from hrflow.models import AssessmentError, AuditLog, Ballot, BallotCode, BallotVote, Employee
from tests.assessment_support import build_unit, open_2025
from tests.pdfcheck import pdf_text
from tests.races import REFUSED, only_one_went_through, race_in_threads


@pytest.fixture
def ballot_2025(app):
    unit = build_unit(children_staff=3, circulation_staff=1, office_staff=1)
    cycle = open_2025(unit)
    ballot = ballots.open_ballot(cycle, actor=unit.hr, department=unit.children, dimensions=True, min_votes=2)
    db.session.commit()
    return unit, cycle, ballot


def _people(ballot):
    return [s.employee_id for s in ballots.subjects(ballot)]


def test_ballot_covers_the_graded_people_of_its_department_and_is_audited(ballot_2025):
    unit, cycle, ballot = ballot_2025
    names = {s.name for s in ballots.subjects(ballot)}
    assert names == {"少儿主任", "职工2", "职工3", "职工4"}  # 少儿部 only
    unit_wide = ballots.open_ballot(cycle, actor=unit.hr, department=None, dimensions=False, min_votes=3)
    assert len(ballots.subjects(unit_wide)) == 6
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.object_type == "Ballot")).all()
    assert actions.count("assessment.ballot_open") == 2
    with pytest.raises(AssessmentError, match="不能少于"):
        ballots.open_ballot(cycle, actor=unit.hr, department=None, dimensions=False, min_votes=1)
    with pytest.raises(AssessmentError, match="只有人事部门"):
        ballots.open_ballot(cycle, actor=unit.head, department=unit.children, dimensions=False, min_votes=3)


def test_ballot_codes_are_kept_only_as_hashes_and_votes_hold_nothing_leading_to_them(ballot_2025):
    unit, _cycle, ballot = ballot_2025
    codes = ballots.issue_codes(ballot, 3, actor=unit.hr)
    assert len(set(codes)) == 3 and all(re.fullmatch(r"[A-HJKMNP-Z2-9]{12}", c) for c in codes)
    stored = db.session.scalars(select(BallotCode.code_hash)).all()
    assert not set(codes) & set(stored) and all(len(h) == 64 for h in stored)
    # The code and vote tables: no voter, no time, no code on a vote.
    assert {c.name for c in inspect(BallotCode).columns} == {"id", "ballot_id", "code_hash", "used"}
    assert {c.name for c in inspect(BallotVote).columns} == {"id", "ballot_id", "subject_id", "rating",
                                                               "dimension_ratings"}
    people = _people(ballot)
    ballots.cast_vote(shown := ballots.shown(codes[0]).lower(), {people[0]: "excellent", people[1]: "competent"},
                      {people[0]: {"morality": "excellent"}})
    assert "-" in shown  # typed as printed, in small letters: still the code
    db.session.commit()
    votes = db.session.scalars(select(BallotVote)).all()
    assert len(votes) == 2
    for vote in votes:
        assert re.fullmatch(r"[0-9a-f]{32}", vote.id)  # a random key, not a sequence
        assert not {codes[0], ballots.code_hash(codes[0])} & {str(v) for v in vars(vote).values()}
    assert db.session.scalar(select(func.count()).where(BallotCode.used.is_(True))) == 1
    print_log = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.ballot_print")).one()
    assert "3 张" in print_log.summary and not any(c in print_log.summary for c in codes)


def test_ballot_code_is_used_once_and_wrong_input_is_refused(ballot_2025):
    unit, _cycle, ballot = ballot_2025
    code = ballots.issue_codes(ballot, 1, actor=unit.hr)[0]
    people = _people(ballot)
    with pytest.raises(AssessmentError, match="至少评价一位"):
        ballots.cast_vote(code, {people[0]: None})
    with pytest.raises(AssessmentError, match="不正确"):
        ballots.cast_vote(code, {people[0]: "bogus"})
    with pytest.raises(AssessmentError, match="不正确"):
        ballots.cast_vote(code, {999999: "excellent"})  # not a colleague of this ballot
    with pytest.raises(AssessmentError, match="测评码不正确"):
        ballots.cast_vote("ABCDEFGHJKMN", {people[0]: "excellent"})
    assert ballots.cast_vote(code, {people[0]: "excellent"}) == 1
    db.session.commit()
    with pytest.raises(AssessmentError, match="已经使用过"):
        ballots.cast_vote(code, {people[1]: "excellent"})
    assert db.session.scalar(select(func.count(BallotVote.id))) == 1


def test_ballot_two_votes_with_one_code_at_once_leave_exactly_one(app, ballot_2025):
    unit, _cycle, ballot = ballot_2025
    code = ballots.issue_codes(ballot, 1, actor=unit.hr)[0]
    people = _people(ballot)
    db.session.commit()

    def attempt(rating):
        def act(go):
            go()
            ballots.cast_vote(code, {people[0]: rating})
        return act

    outcomes = race_in_threads(app, [attempt("excellent"), attempt("incompetent")], refused=(AssessmentError,))
    assert only_one_went_through(outcomes), outcomes
    if db.engine.dialect.name == "postgresql":
        assert REFUSED in outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count(BallotVote.id))) == 1


def test_ballot_results_are_hidden_while_open_and_below_the_minimum(ballot_2025):
    unit, cycle, ballot = ballot_2025
    codes = ballots.issue_codes(ballot, 3, actor=unit.hr)
    people = _people(ballot)
    ballots.cast_vote(codes[0], {people[0]: "excellent", people[1]: "basic"}, {people[0]: {"ability": "competent"}})
    db.session.commit()
    tally = ballots.tallies(cycle, [people[0]])[people[0]]
    assert not tally.shown and tally.counts == {} and tally.turnout.voted == 1 and tally.turnout.issued == 3
    ballots.cast_vote(codes[1], {people[0]: "excellent"})
    assert not ballots.ballot_tallies(ballot)[people[0]].shown  # two votes, but still open
    ballots.close_ballot(ballot, actor=unit.hr)
    db.session.commit()
    found = ballots.tallies(cycle, people + [unit.staff[-1].id])
    assert unit.staff[-1].id not in found  # 办公室: no ballot covered them
    first = found[people[0]]
    assert first.shown and first.counts == {"excellent": 2, "competent": 0, "basic": 0, "incompetent": 0}
    assert first.dimensions["ability"]["competent"] == 1 and first.turnout.percent == 67
    assert found[people[1]].counts["basic"] == 1
    with pytest.raises(AssessmentError, match="已结束"):
        ballots.cast_vote(codes[2], {people[0]: "excellent"})
    assert db.session.scalar(select(AuditLog.summary).where(AuditLog.action == "assessment.ballot_close")).endswith(
        "投票 2 / 发票 3")


def test_ballot_closed_with_too_few_votes_stays_hidden(ballot_2025):
    unit, cycle, ballot = ballot_2025
    code = ballots.issue_codes(ballot, 2, actor=unit.hr)[0]
    people = _people(ballot)
    ballots.cast_vote(code, {people[0]: "incompetent"})
    ballots.close_ballot(ballot, actor=unit.hr)
    tally = ballots.tallies(cycle, [people[0]])[people[0]]
    assert not tally.shown and tally.counts == {} and tally.missing_votes == 1


def test_ballot_public_voting_pages_without_login(client, ballot_2025):
    unit, _cycle, ballot = ballot_2025
    code = ballots.issue_codes(ballot, 1, actor=unit.hr)[0]
    db.session.commit()
    people = ballots.subjects(ballot)
    assert "测评码" in client.get("/assessment/vote").get_data(as_text=True)
    wrong = client.get("/assessment/vote/ABCDEFGHJKMN").get_data(as_text=True)
    assert "测评码不正确" in wrong and people[1].name not in wrong
    paper = client.post("/assessment/vote", data={"code": ballots.shown(code)}).get_data(as_text=True)
    assert all(p.name in paper for p in people) and "德" in paper
    refused = client.post("/assessment/vote", data={"code": code, "cast": "1"})
    assert refused.status_code == 422 and "请至少评价一位同事" in refused.get_data(as_text=True)
    cast = client.post("/assessment/vote", data={"code": code, "cast": "1", f"r{people[1].employee_id}": "competent",
                                                 f"d{people[1].employee_id}_integrity": "excellent"})
    assert cast.status_code == 302
    assert "已经使用过" in client.get(f"/assessment/vote/{code}").get_data(as_text=True)
    vote = db.session.scalars(select(BallotVote)).one()
    assert (vote.subject_id, vote.rating, vote.dimension_ratings) == (people[1].employee_id, "competent",
                                                                      {"integrity": "excellent"})


def test_ballot_wrong_codes_are_limited_per_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, BALLOT_CODE_FAILURES_PER_CLIENT=2, REDIS_URL=None)
    client = app.test_client()
    with app.app_context():
        for _ in range(2):
            assert client.post("/assessment/vote", data={"code": "ABCDEFGHJKMN"}).status_code == 200
        limited = client.post("/assessment/vote", data={"code": "ABCDEFGHJKMP"})
        assert limited.status_code == 429 and limited.headers["Retry-After"]


def test_decision_page_shows_the_newest_ballot_covering_each_person_read_with_the_cycle(client, login, ballot_2025):
    unit, cycle, department_ballot = ballot_2025
    unit_wide = ballots.open_ballot(cycle, actor=unit.hr, department=None, dimensions=False, min_votes=2)
    children, office = _people(department_ballot)[0], unit.staff[-1].id
    for ballot, rating in ((department_ballot, "basic"), (unit_wide, "excellent")):
        for code in ballots.issue_codes(ballot, 2, actor=unit.hr):
            ballots.cast_vote(code, {children: rating, office: rating} if ballot is unit_wide else {children: rating})
        ballots.close_ballot(ballot, actor=unit.hr)
    db.session.commit()
    login(unit.hr)
    sent: list[str] = []

    def note(_connection, _cursor, statement, *args):
        sent.append(statement)

    db.session.expunge_all()  # the cycle is read by the page, not found already loaded
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        page = lxml.html.fromstring(client.get("/assessment/2025/decision").get_data(as_text=True))
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    tallies = {row.xpath("string(td[1])").strip(): row.xpath("string(td[6])") for row in page.xpath("//tr[td]")}
    names = {e.id: e.name for e in (db.session.get(Employee, children), db.session.get(Employee, office))}
    # The unit-wide ballot is the newer one: it is shown for 少儿部 too, not the department's own.
    assert "优秀 2" in tallies[names[children]] and "基本合格 0" in tallies[names[children]]
    assert "优秀 2" in tallies[names[office]]
    assert not any(re.search(r"\bFROM ballot\b", statement) for statement in sent)  # read with the cycle


def test_ballot_page_prints_slips_whose_codes_vote_and_shows_tallies_after_closing(client, login, ballot_2025):
    unit, _cycle, ballot = ballot_2025
    login(unit.hr)
    response = client.post(f"/assessment/ballots/{ballot.id}/slips", data={"count": "2"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    codes = re.findall(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text)
    assert len(codes) == 2 and "民主测评票" in text
    people = _people(ballot)
    for code in codes:
        ballots.cast_vote(code, {people[0]: "excellent"})
    db.session.commit()
    page = client.get(f"/assessment/ballots/{ballot.id}").get_data(as_text=True)
    assert "满 2 票" in page and "as-tallies" not in page  # still open
    assert client.post(f"/assessment/ballots/{ballot.id}/close").status_code == 302
    page = client.get(f"/assessment/ballots/{ballot.id}").get_data(as_text=True)
    assert "as-tallies" in page
    assert db.session.get(Ballot, ballot.id).status == "closed"
    assert queries.find_cycle(2025) is not None
