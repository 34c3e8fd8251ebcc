"""A morning's work on the demo county, for locust: community workers, street and county officers.

Each simulated user logs in as one of the demo county's users of its role (`dibao.demo.county.USERS`,
password `dibao-demo`) and then works through the pages a person clicks: the desk, the household
search with what workers type, a household opened from the results, a scheduled review opened and
recorded (community workers), an application moved on by one step from its case page, the payroll
run's summary. Every write goes through the page's own form, posted back as a browser would with
its CSRF token, so it is as legal as a person's.

The requests go to gunicorn as the county's proxy hands them on: `X-Forwarded-Proto: https` (the
production settings' cookies are Secure, and a secure request wants a same-origin Referer).

Not meant to be run by hand: `bench/load_morning.py` starts the server and runs this at each
number of users. A refusal the page explains (the household has an open review already, a step's
form wants more) is a 200 or a 4xx and counts as an answer; only a 5xx or a broken connection is a
failure.
"""

import datetime
import random
import re
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import requests
from locust import HttpUser, between, task
from requests.cookies import RequestsCookieJar

PASSWORD = "dibao-demo"
HOST = "127.0.0.1"
COUNTY_TIME = ZoneInfo("Asia/Shanghai")  # settings.TIME_ZONE: the day a review is dated
COMMUNITY_WORKERS = ["haizhou", "chunhua"]
STREET_OFFICERS = ["street", "shiqiaopu", "dangui"]
COUNTY_OFFICERS = ["county"]
# What a worker types in the search box: a surname, pinyin initials, a road, an ID number's tail.
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
INITIALS = ["wf", "lm", "zl", "ly", "cj", "wxh", "zhj", "lgy", "cm", "hy"]
ROADS = ["海州街", "海月街", "西南路", "石桥路", "天王路", "丹桂路", "春华街", "骆岗路"]
# Steps that move an application on; the others (return, reject, withdraw, an objection) undo
# work, and a load test should leave the cases as a morning's work would.
FORWARD_STEPS = ("submit", "accept", "investigate", "appraise", "close_notice", "review", "approve")
HOUSEHOLD_LINK = re.compile(r'href="/households/(\d+)/"')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
RUN_LINK = re.compile(r'href="/payroll/(\d+)/"')
REVIEW_LINK = re.compile(r"/reviews/(\d+)/$")


class Forms(HTMLParser):
    """The forms of a page with the values a browser would send unchanged: inputs, the checked
    boxes, each select's chosen option, textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"id": a.get("id", ""), "action": a.get("action", ""), "fields": {}})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                fields[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and a.get("name"):
            self._select, self._first_option, self._chosen = a["name"], None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                fields[self._select], self._chosen = value, True
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select and self.forms:
            if not self._chosen:
                self.forms[-1]["fields"][self._select] = self._first_option or ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def forms_of(html: str) -> list[dict[str, Any]]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


class BehindTheProxy(RequestsCookieJar):
    """Keeps the Secure cookies for the plain connection too: the proxy's TLS ends before it."""

    def set_cookie(self, cookie: Any, *args: Any, **kwargs: Any) -> None:
        cookie.secure = False
        super().set_cookie(cookie, *args, **kwargs)


class Staff(HttpUser):
    abstract = True
    # A brisk worker: one to five seconds between clicks (reading a page, typing a name).
    wait_time = between(1, 5)
    usernames: list[str] = []

    def on_start(self) -> None:
        # A worker logs in once a morning: the log-in (a deliberately slow password hash) is made
        # while the users arrive, by a session of its own outside the figures, which are the
        # morning's pages; the pages then carry its cookies.
        browser = requests.Session()
        browser.cookies = BehindTheProxy()
        browser.headers.update({"Host": HOST, "X-Forwarded-Proto": "https", "Referer": f"https://{HOST}/"})
        self.households: list[str] = []
        page = browser.get(f"{self.host}/accounts/login/")
        answer = browser.post(
            f"{self.host}/accounts/login/",
            data={
                "username": random.choice(self.usernames),
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.token(page.text),
            },
        )
        self.client.cookies = browser.cookies
        self.client.headers.update(browser.headers)
        if answer.status_code != 200 or answer.url.endswith("/accounts/login/"):
            # Every page would answer with the log-in form: count it, or the figures lie.
            self.environment.events.request.fire(
                request_type="POST",
                name="log in",
                response_time=answer.elapsed.total_seconds() * 1000,
                response_length=0,
                exception=RuntimeError(f"log-in refused: {answer.status_code}"),
            )

    @staticmethod
    def token(html: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return found.group(1) if found else ""

    def answered(self, method: str, path: str, name: str, **kwargs: Any) -> Any:
        """A request whose 4xx is the page's answer to a refused form, not a failure."""
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as response:
            if response.status_code < 500 and response.status_code != 0:
                response.success()
            else:
                response.failure(f"{response.status_code}")
            return response

    def search(self, **filters: str) -> None:
        kind = random.random()
        if kind < 0.35:
            typed = random.choice(SURNAMES) + random.choice("伟芳敏静丽强军洋明华")
        elif kind < 0.6:
            typed = random.choice(INITIALS)
        elif kind < 0.75:
            typed = random.choice(ROADS)
        elif kind < 0.9:
            typed = f"{random.randrange(10000):04d}"
        else:
            typed = ""
        response = self.client.get(
            "/households/", params={"q": typed, **filters}, name="/households/?q=[search]"
        )
        found = HOUSEHOLD_LINK.findall(response.text)
        if found:
            self.households = found

    @task(5)
    def search_households(self) -> None:
        self.search()

    @task(5)
    def open_household(self) -> None:
        if not self.households:
            self.search()
        if self.households:
            self.client.get(f"/households/{random.choice(self.households)}/", name="/households/[id]/")

    @task(1)
    def desk(self) -> None:
        self.client.get("/", name="/ (desk)")

    def step_an_application(self) -> None:
        worklist = self.client.get("/cases/", name="/cases/")
        cases = CASE_LINK.findall(worklist.text)
        if not cases:
            return
        case = self.client.get(f"/cases/{random.choice(cases)}/", name="/cases/[id]/")
        steps = {
            form["id"].removeprefix("step-"): form
            for form in forms_of(case.text)
            if form["id"].startswith("step-")
        }
        for step in FORWARD_STEPS:
            if step in steps:
                form = steps[step]
                fields = {
                    name: value
                    or ("入户调查属实，材料齐全。" if "opinion" in name or "note" in name else value)
                    for name, value in form["fields"].items()
                }
                self.answered("POST", form["action"], name=f"/cases/[id]/steps/{step}/", data=fields)
                return

    def payroll_summary(self) -> None:
        runs = self.client.get("/payroll/", name="/payroll/")
        found = RUN_LINK.findall(runs.text)
        if found:
            self.client.get(f"/payroll/{found[0]}/", name="/payroll/[id]/")


class CommunityWorker(Staff):
    """低保专干: most of the county's clicks — searching, opening households, reviews, applications."""

    weight = 6
    usernames = COMMUNITY_WORKERS

    @task(2)
    def record_a_review(self) -> None:
        self.search(status="receiving")
        if not self.households:
            return
        household = random.choice(self.households)
        opening = self.client.get(f"/reviews/new/{household}/", name="/reviews/new/[id]/")
        opened = self.answered(
            "POST",
            f"/reviews/new/{household}/",
            name="/reviews/new/[id]/",
            data={"kind": "scheduled", "csrfmiddlewaretoken": self.token(opening.text)},
        )
        if not REVIEW_LINK.search(opened.url):
            return  # refused: the household has an open review already
        review = REVIEW_LINK.search(opened.url)
        assert review
        record = next((f for f in forms_of(opened.text) if "outcome" in f["fields"]), None)
        if record is None:
            return
        today = datetime.datetime.now(COUNTY_TIME).date().isoformat()
        record["fields"].update(
            {
                "checked_income": "on",
                "checked_assets": "on",
                "checked_members": "on",
                "visited_on": today,
                "findings": "入户核查：收入、财产与家庭成员均无变化。",
                "outcome": "continue",
                "effective_on": today,
            }
        )
        self.answered(
            "POST", f"/reviews/{review.group(1)}/", name="/reviews/[id]/ (record)", data=record["fields"]
        )

    @task(1)
    def review_worklist(self) -> None:
        self.client.get("/reviews/", name="/reviews/")

    @task(2)
    def step(self) -> None:
        self.step_an_application()


class StreetOfficer(Staff):
    """街道: checks and approves what the communities send up, looks at the payroll run."""

    weight = 3
    usernames = STREET_OFFICERS

    @task(3)
    def step(self) -> None:
        self.step_an_application()

    @task(1)
    def payroll(self) -> None:
        self.payroll_summary()


class CountyOfficer(Staff):
    """区民政局: sees the whole county — the widest searches — and the payroll run it approves."""

    weight = 1
    usernames = COUNTY_OFFICERS

    @task(2)
    def step(self) -> None:
        self.step_an_application()

    @task(3)
    def payroll(self) -> None:
        self.payroll_summary()
