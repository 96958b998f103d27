"""Locust users of the load test (started by tools.bench.live, never by hand).

Every simulated user is a signed-in council member or secretary whose session
was created beforehand (logging 50 people in would measure the password hash).
Most requests view the city dashboard; some view the constant reference page;
some submit a distinct draft report, each one once.
"""

import json
import os

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"]).read())  # noqa: SIM115
SUBMISSIONS = list(PLAN["submissions"])
COUNCIL = list(PLAN["council_sessions"])


class Person(HttpUser):
    # People read a dashboard before clicking again; with 0.5-1.5 s the 50 users
    # saturated the 3 workers and every page's p95 was the queue (docs/BENCHMARKS.md).
    wait_time = between(3, 10)

    def on_start(self):
        self.session_key = COUNCIL.pop() if COUNCIL else PLAN["council_sessions"][0]
        self.client.cookies.set("sessionid", self.session_key)
        self.client.cookies.set("csrftoken", PLAN["csrf"])

    @task(16)
    def dashboard(self):
        self.client.get(PLAN["dashboard_url"], name="dashboard")

    @task(2)
    def reference(self):
        self.client.get(PLAN["trivial_url"], name="trivial")

    @task(2)
    def submit(self):
        if not SUBMISSIONS:
            return self.dashboard()
        item = SUBMISSIONS.pop()
        with self.client.post(
            item["url"],
            data=item["body"],
            headers={"X-CSRFToken": PLAN["csrf"], "Cookie": self._cookie(PLAN["secretary"])},
            name="submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "/reports/" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"submission answered {response.status_code}")

    def _cookie(self, session_key):
        return f"sessionid={session_key}; csrftoken={PLAN['csrf']}"
