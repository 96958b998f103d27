"""The zero-setup demo (`make run`: runserver on a SQLite file) holds people clicking at once.

A real `manage.py runserver` (threaded, as `make run` starts it) on a SQLite
file of its own; real HTTP requests from threads released together:
20 rounds of two sign-ins in the same instant and two secretaries saving the
same report at the same instant. No answer may be a server error ("database
is locked" was one); of the two saves one is kept and the other gets the
conflict page; the report holds the kept value, and its history both the
saves that were kept.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 20
SETUP = """
import datetime as dt
from django.utils import timezone
from tests.factories import (
    AssignmentFactory, CampaignFactory, CampaignIndicatorFactory, PeriodFactory, UnitFactory,
    UserFactory,
)
today = timezone.localdate()
city = UnitFactory(code="city", kind="city")
unit = UnitFactory(code="unit-a", kind="ward", parent=city)
campaign = CampaignFactory(
    organiser=city, launched_on=today - dt.timedelta(days=60),
    starts_on=today - dt.timedelta(days=60), ends_on=today + dt.timedelta(days=300),
)
period = PeriodFactory(
    campaign=campaign, starts_on=today - dt.timedelta(days=10),
    ends_on=today + dt.timedelta(days=10), deadline=today + dt.timedelta(days=15),
    locks_on=today + dt.timedelta(days=30),
)
ci = CampaignIndicatorFactory(campaign=campaign)
AssignmentFactory(campaign_indicator=ci, unit=unit)
for name in ("alice", "anna", "bob", "bea"):
    UserFactory(username=name, units=[unit])
print(f"URL=/campaigns/units/{unit.pk}/periods/{period.pk}/report/ INDICATOR={ci.indicator.pk}")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """runserver on a fresh SQLite file, with two secretaries of one unit and an open period."""
    tmp = tmp_path_factory.mktemp("sqlite-demo")
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
        "CELERY_BROKER_URL": "",
        "MEDIA_ROOT": str(tmp / "media"),
        "PYTHONPATH": str(ROOT),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    setup = subprocess.run(
        [*manage, "shell", "-v0", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found = dict(re.findall(r"(URL|INDICATOR)=(\S+)", setup.stdout))
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/login/", timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                os.killpg(server.pid, signal.SIGTERM)
                pytest.fail(f"runserver did not answer: {server.stdout.read()}")
            time.sleep(0.3)
    yield {"base": base, "url": found["URL"], "indicator": found["INDICATOR"], "env": env}
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


class Browser:
    """One person's browser: its own cookies, no redirects followed (we read the codes)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def form(self, path: str) -> dict:
        status, page = self.request(path)
        assert status == 200, (status, path)
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|version)" value="([^"]*)"', page))
        fields.setdefault("version", "")
        return fields

    def sign_in(self, username: str) -> int:
        fields = self.form("/login/")
        status, _ = self.request(
            "/login/", {**fields, "username": username, "password": "s3cret-Test-pass"}
        )
        return status


def together(*calls):
    """Run the calls, (function, *args), in threads released at the same instant;
    their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        function, *args = call
        barrier.wait()
        results[index] = function(*args)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def save(browser, url, indicator, form, value):
    data = {
        **form,
        f"value_{indicator}": value,
        f"note_{indicator}": "",
        "highlights": "",
        "action": "save",
    }
    return browser.request(url, data)


def test_two_sign_ins_and_two_saves_at_the_same_instant_never_fail(demo_server):
    base, url, indicator = demo_server["base"], demo_server["url"], demo_server["indicator"]
    kept = []
    for round_ in range(ROUNDS):
        # Two people sign in in the same instant (each sign-in writes its session and record).
        pairs = [("alice", "anna"), ("bob", "bea")][round_ % 2]
        first, second = Browser(base), Browser(base)
        signed_in = together((first.sign_in, pairs[0]), (second.sign_in, pairs[1]))
        assert signed_in == [302, 302], f"round {round_}: a sign-in failed"

        # Both open the report, then both save it in the same instant.
        forms = [first.form(url), second.form(url)]
        values = [str(100 + 2 * round_), str(101 + 2 * round_)]
        answers = together(
            (save, first, url, indicator, forms[0], values[0]),
            (save, second, url, indicator, forms[1], values[1]),
        )
        codes = sorted(code for code, _ in answers)
        assert codes == [302, 409], f"round {round_}: {codes}"
        winner = values[[code for code, _ in answers].index(302)]
        loser_page = next(page for code, page in answers if code == 409)
        assert 'data-testid="conflict"' in loser_page
        kept.append(winner)

        # What the report holds now is the kept value.
        _, page = first.request(url)
        assert re.search(rf'name="value_{indicator}"[^>]*value="{winner}(,0+)?"', page), round_

    # No save was lost: every kept value is in the report's history, in order.
    count = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v0",
            "-c",
            "from campaigns.models import ReportChange;"
            "print(ReportChange.objects.filter(kind='value').count())",
        ],
        cwd=ROOT,
        env=demo_server["env"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert int(count.stdout.strip()) == ROUNDS
