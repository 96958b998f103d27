"""Locust users of the load test (started by tools.bench.live, never by hand).

The deadline hour: people who click every 0.5 to 1.5 s. Three in ten are unit
secretaries: each opens a unit's report form and submits it (each form a
distinct draft report), then the next. The others are council members on the
city dashboard and drilling down to a bloc's and a unit's page (and now and
then the constant reference page). Sessions are created beforehand (signing
100 people in would measure the password hash).

Every request is recorded (kind, start, duration, failure, the report a
submit was for) and written to `BENCH_SAMPLES` when locust stops: the harness
splits warm-up from steady state and computes the percentiles and the
freshness of each submit itself.
"""

import json
import os
import random
import time

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"]).read())  # noqa: SIM115
SUBMISSIONS = list(PLAN["submissions"])
COUNCIL = list(PLAN["council_sessions"])
SAMPLES: list[list] = []
THINK = between(0.5, 1.5)


@events.request.add_listener
def record(request_type, name, response_time, response_length, exception, context, **kwargs):
    started = time.time() - response_time / 1000
    SAMPLES.append([name, started, response_time, exception is not None, context.get("report")])


@events.quitting.add_listener
def save(environment, **kwargs):
    with open(os.environ["BENCH_SAMPLES"], "w") as out:
        json.dump(SAMPLES, out)


class CouncilMember(HttpUser):
    weight = 70
    wait_time = THINK

    def on_start(self):
        self.client.cookies.set("sessionid", COUNCIL.pop() if COUNCIL else PLAN["council"])

    @task(10)
    def dashboard(self):
        self.client.get(PLAN["dashboard_url"], name="dashboard")

    @task(4)
    def bloc(self):
        self.client.get(random.choice(PLAN["bloc_urls"]), name="dashboard_bloc")

    @task(4)
    def unit(self):
        self.client.get(random.choice(PLAN["unit_urls"]), name="dashboard_unit")

    @task(1)
    def reference(self):
        self.client.get(PLAN["trivial_url"], name="trivial")


class Secretary(HttpUser):
    weight = 30
    wait_time = THINK

    def on_start(self):
        self.client.cookies.set("sessionid", PLAN["secretary"])
        self.client.cookies.set("csrftoken", PLAN["csrf"])

    @task
    def file_a_report(self):
        if not SUBMISSIONS:
            # Every draft is submitted: the secretary reads a form again.
            self.client.get(PLAN["spare_form_url"], name="form")
            return
        item = SUBMISSIONS.pop()
        self.client.get(item["url"], name="form")
        self.wait()
        with self.client.post(
            item["url"],
            data=item["body"],
            headers={"X-CSRFToken": PLAN["csrf"]},
            name="submit",
            allow_redirects=False,
            catch_response=True,
            context={"report": item["report"]},
        ) as response:
            if response.status_code == 302 and "/reports/" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"submission answered {response.status_code}")
