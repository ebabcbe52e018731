"""The load run's users (bench_load.py starts gunicorn and runs this headless): officials of a
county, a city and the province with API tokens, each browsing a mix of lists (first pages and the
next page by cursor), details, the dashboard and the home page, and now and then writing (a hazard
found on site). Tokens and ids come from BENCH_LOAD_PLAN (a JSON file bench_load.py writes)."""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["BENCH_LOAD_PLAN"]).read())


class Official(HttpUser):
    wait_time = between(0.05, 0.3)

    def on_start(self):
        self.me = random.choice(PLAN["officials"])
        self.client.headers["Authorization"] = f"Token {self.me['token']}"
        self.session_cookie = None

    def _list(self, path, name):
        response = self.client.get(path, name=name)
        if response.ok and response.json().get("next"):
            self.client.get(response.json()["next"], name=name + " next page")

    @task(6)
    def hazards(self):
        self._list("/api/v1/hazards/", "/api/v1/hazards/")

    @task(3)
    def enterprises(self):
        self._list("/api/v1/enterprises/", "/api/v1/enterprises/")

    @task(2)
    def inspections(self):
        self._list("/api/v1/inspections/", "/api/v1/inspections/")

    @task(4)
    def hazard_detail(self):
        self.client.get(f"/api/v1/hazards/{random.choice(self.me['hazards'])}/", name="/api/v1/hazards/{id}/")

    @task(2)
    def enterprise_detail(self):
        self.client.get(
            f"/api/v1/enterprises/{random.choice(self.me['enterprises'])}/", name="/api/v1/enterprises/{id}/"
        )

    @task(2)
    def dashboard(self):
        self.client.get(f"/api/v1/dashboard/?region={self.me['region']}", name="/api/v1/dashboard/")

    @task(2)
    def todo(self):
        self.client.get("/api/v1/me/todo/", name="/api/v1/me/todo/")

    @task(1)
    def report_hazard(self):
        self.client.post(
            "/api/v1/hazards/",
            json={
                "enterprise": random.choice(self.me["enterprises"]),
                "level": "general",
                "description": "压力表未定期校验（负载测试）",
                "location": "锅炉房",
            },
            name="POST /api/v1/hazards/",
        )
