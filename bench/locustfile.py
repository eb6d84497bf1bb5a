"""The deadline rush as Locust plays it (bench/rush.py prepares the world and reads what this writes).

Each `Applicant` is one of the prepared accounts: it signs in on /apply/login, posts its 报名表 with
提交报名 once, and stops. Two `BareReader`s ask for the bare page of bench/served.py (signed in as HR) all
the while, so the baseline is measured under the same load. When every applicant is done, Locust quits.

RUSH_PLAN names a JSON file: {"round_id", "password", "accounts": [{"email", "form"}], "bare_cookie",
"out"}. At the end `out` gets every request's time in ms by name (login, submit, bare) and each account's
answer to its submission."""

from __future__ import annotations

import itertools
import json
import os
import time

import gevent
from locust import FastHttpUser, constant, constant_pacing, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["RUSH_PLAN"], encoding="utf-8").read()) if "RUSH_PLAN" in os.environ else None
NEXT_ACCOUNT = itertools.count()
SAMPLES: dict[str, list[float]] = {"login": [], "submit": [], "bare": []}
OUTCOMES: list[dict] = []  # one per account: email, step reached, HTTP status (0: no answer), taken or not
CLOCK = {"first": None, "last": None}


@events.request.add_listener
def _sample(request_type, name, response_time, exception, **kwargs) -> None:
    if name in SAMPLES and exception is None:
        SAMPLES[name].append(response_time)


@events.quitting.add_listener
def _write(environment, **kwargs) -> None:
    if PLAN is None:
        return
    with open(PLAN["out"], "w", encoding="utf-8") as out:
        json.dump({"samples": SAMPLES, "outcomes": OUTCOMES, "first": CLOCK["first"], "last": CLOCK["last"]}, out)


def _done(environment) -> None:
    """An applicant finished: after the last, stop the whole run (the bare readers too)."""
    CLOCK["last"] = time.time()
    if len(OUTCOMES) == len(PLAN["accounts"]):
        gevent.spawn(environment.runner.quit)


class Applicant(FastHttpUser):
    """One of the many browsers at the deadline: it takes the next prepared account, signs in, submits, and
    takes the next, until every account has submitted (a bounded number of clients, as many people as
    there are open connections at a time, rather than one client per applicant all at once)."""

    wait_time = constant(0)

    @task
    def submit_next(self) -> None:
        index = next(NEXT_ACCOUNT)
        if index >= len(PLAN["accounts"]):
            raise StopUser()
        self.account = PLAN["accounts"][index]
        CLOCK["first"] = CLOCK["first"] or time.time()
        OUTCOMES.append({"email": self.account["email"], **self._sign_in_and_submit()})
        _done(self.environment)
        self.client.cookiejar.clear()  # the next applicant on this client starts signed out

    def _sign_in_and_submit(self) -> dict:
        with self.client.post("/apply/login", data={"email": self.account["email"], "password": PLAN["password"]},
                              name="login", allow_redirects=False, catch_response=True) as signed:
            if signed.status_code != 302 or "/apply/me" not in signed.headers.get("Location", ""):
                signed.failure(f"sign-in answered {signed.status_code}")
                return {"step": "login", "status": signed.status_code, "ok": False}
        url = f"/apply/rounds/{PLAN['round_id']}/form"
        with self.client.post(url, data={**self.account["form"], "pledge": "y", "submit": "提交报名"}, name="submit",
                              allow_redirects=False, catch_response=True) as answer:
            # Taken: redirected back to the 报名表 (a refusal re-shows the page with the reason).
            ok = answer.status_code == 302 and answer.headers.get("Location", "").endswith(url)
            if not ok:
                answer.failure(f"submission answered {answer.status_code}")
            return {"step": "submit", "status": answer.status_code, "ok": ok}


class BareReader(FastHttpUser):
    """HR's bare page, asked ten times a second by each reader while the rush lasts."""

    fixed_count = 2
    wait_time = constant_pacing(0.1)

    @task
    def bare(self) -> None:
        self.client.get("/_bench/bare", name="bare", headers={"Cookie": f"session={PLAN['bare_cookie']}"})
