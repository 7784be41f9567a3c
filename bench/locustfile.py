"""The personas' daily use of Rantai, for locust (run by bench/load.py; see bench/README.md).

Each simulated person signs in through the login page as a demo user and then works as that
persona does, with a few seconds' thought between pages: the program officer reads the registry,
firms and dashboards; the IKM owner her home, board and notices, and acknowledges call-offs; the
buyer releases call-offs through the API and reads scorecards; the mentor his 5R pages; the
cooperative's manager the board and her members. Requests are named by page, not by URL, so the
figures group per page. Only 127.0.0.1 is ever addressed (bench/load.py passes the host).
"""

import random
import re
from datetime import date, timedelta

from locust import HttpUser, between, task

PASSWORD = "rantai-demo"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Persona(HttpUser):
    abstract = True
    username = ""
    wait_time = between(2, 8)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text).group(1)
        done = self.client.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
            allow_redirects=False,
        )
        if done.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in: {done.status_code}")
        self.csrf = self.client.cookies.get("csrftoken")
        self.firms = [f["id"] for f in self.api("/api/v1/firms/?page_size=50", "api: firms")]

    def api(self, path: str, name: str) -> list[dict]:
        response = self.client.get(path, name=name)
        data = response.json() if response.ok else {}
        return data.get("results", data if isinstance(data, list) else [])

    def write(self, path: str, body: dict, name: str):
        return self.client.post(
            path, json=body, headers={"X-CSRFToken": self.csrf, "Referer": self.host}, name=name
        )

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(1)
    def notices(self):
        self.client.get("/notifications/", name="notifications")

    @task(2)
    def a_firm(self):
        if self.firms:
            self.client.get(f"/firms/{random.choice(self.firms)}/", name="firm page")


class Officer(Persona):
    weight = 3
    username = "petugas.tegal"

    @task(4)
    def registry(self):
        self.client.get("/firms/", name="firm list")

    @task(2)
    def registry_search(self):
        word = random.choice(["logam", "baja", "Tegal", "bubut", "cor"])
        self.client.get(f"/firms/?q={word}", name="firm list: search")

    @task(2)
    def dashboard(self):
        self.client.get("/insights/", name="dashboard")

    @task(1)
    def search(self):
        self.client.get("/search/?q=las", name="search")

    @task(1)
    def five_r(self):
        self.client.get("/5r/", name="5R overview")


class Owner(Persona):
    weight = 3
    username = "sinergi"

    @task(4)
    def board(self):
        self.client.get("/call-offs/", name="call-off board")

    @task(2)
    def acknowledge(self):
        waiting = self.api("/api/v1/call-offs/?status=released", "api: call-offs waiting")
        if not waiting:
            return
        pk = random.choice(waiting)["id"]
        with self.client.post(
            f"/api/v1/call-offs/{pk}/acknowledge/",
            json={},
            headers={"X-CSRFToken": self.csrf, "Referer": self.host},
            name="api: acknowledge call-off",
            catch_response=True,
        ) as answer:
            if answer.status_code == 400:
                # Another owner's session (the same firm) answered it a moment before: the API
                # refuses a second acknowledgement, rightly. Anything else is a failure.
                now = self.client.get(f"/api/v1/call-offs/{pk}/", name="api: call-off")
                if now.ok and now.json()["status"] != "released":
                    answer.success()
                    return
                answer.failure(answer.text[:200])

    @task(1)
    def five_r(self):
        self.client.get("/5r/", name="5R overview")

    @task(1)
    def agreements(self):
        self.client.get("/kemitraan/", name="agreements")


class Buyer(Persona):
    weight = 2
    username = "pembeli.astra"

    def on_start(self):
        super().on_start()
        deals = self.api("/api/v1/partnerships/?status=active&page_size=50", "api: agreements")
        self.deals = [d["id"] for d in deals if d.get("supplier_name", "").startswith("PT Sinergi")]
        self.deals = self.deals or [d["id"] for d in deals]

    @task(3)
    def board(self):
        self.client.get("/call-offs/", name="call-off board")

    @task(2)
    def release(self):
        if not self.deals:
            return
        due = date.today() + timedelta(days=random.randint(3, 10))
        self.write(
            "/api/v1/call-offs/",
            {
                "partnership": random.choice(self.deals),
                "part_number": "BS-12",
                "description": "Bushing baja suspensi",
                "quantity": str(random.choice([100, 200, 500])),
                "unit": "pcs",
                "unit_price": "4500",
                "due_on": due.isoformat(),
                "window_from": "08:00",
                "window_to": "10:00",
                "delivery_point": "Gudang penerimaan, Gerbang 2",
            },
            "api: release call-off",
        )

    @task(1)
    def scorecards(self):
        self.client.get("/kemitraan/", name="agreements")


class Mentor(Persona):
    weight = 1
    username = "pendamping"

    @task(3)
    def five_r(self):
        self.client.get("/5r/", name="5R overview")

    @task(2)
    def programs(self):
        self.client.get("/5r/programs/", name="5R programs")

    @task(1)
    def calendar(self):
        self.client.get("/5r/calendar/", name="5R calendar")


class Cooperative(Persona):
    weight = 1
    username = "koperasi.tmi"

    @task(3)
    def board(self):
        self.client.get("/call-offs/", name="call-off board")

    @task(1)
    def agreements(self):
        self.client.get("/kemitraan/", name="agreements")
