"""Clients against the portal served by gunicorn: keep-alive connections with a logged-in session,
a bounded number of requests per scenario from a few threads, each request's latency recorded."""

import http.client
import math
import threading
import time
from urllib.parse import urlencode

from bench.scenarios import Scenario


class Browser:
    """One client: a keep-alive connection, the session cookie, the CSRF cookie."""

    def __init__(self, port: int, session: str | None):
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.cookies = {"sessionid": session} if session else {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, float]:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if method == "POST":
            fields = {**(fields or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(fields)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.cookies.get("csrftoken", ""),
                    "Origin": self.origin,
                    "Referer": self.origin + path,
                }
            )
        began = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
        elapsed = time.perf_counter() - began
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                if name in ("csrftoken", "sessionid"):
                    self.cookies[name] = rest.split(";", 1)[0]
        return response.status, elapsed


# Unmeasured requests of a page per gunicorn worker before it is measured. Besides its templates and translations, a
# worker needs about ten requests of a page before its database connection serves the page's queries as it does
# once it has been running: psycopg prepares a statement after five runs on a connection (`prepare_threshold`), and
# PostgreSQL settles on its generic plan after five more; until then every query is planned again.
WARM_UP_PER_WORKER = 12


def run_http(
    scenario: Scenario, port: int, sessions: dict, requests: int, clients: int, workers: int, floor: bool
) -> None:
    """`requests` measured requests from `clients` threads, after WARM_UP_PER_WORKER unmeasured ones per gunicorn
    worker (the page's or, for POST scenarios, one GET of the form per client, for the CSRF cookie). A sync worker
    serves one request per connection, so the requests land on the workers at random."""
    lock = threading.Lock()
    remaining = [requests]
    latencies: list[float] = []
    session = None if floor else sessions[scenario.user]
    warm_ups = math.ceil(WARM_UP_PER_WORKER * workers / clients)

    def take() -> bool:
        with lock:
            if remaining[0] <= 0:
                return False
            remaining[0] -= 1
            return True

    def work(number: int) -> None:
        browser = Browser(port, session)
        try:
            if floor or scenario.method == "GET":
                page = scenario.floor if floor else scenario.path
                for _warm_up in range(warm_ups):
                    browser.request("GET", page)
                while take():
                    status, elapsed = browser.request("GET", page)
                    _record(status, elapsed, 200)
            else:
                browser.request("GET", scenario.path)  # the form page: CSRF cookie
                path, data = scenario.posts[number % len(scenario.posts)]
                while take():
                    if "{action}" in path:
                        for action, fields in data.items():
                            status, elapsed = browser.request("POST", path.format(action=action), fields)
                            _record(status, elapsed, 302)
                    else:
                        status, elapsed = browser.request("POST", path, data)
                        _record(status, elapsed, 302)
        except Exception as error:  # noqa: BLE001 - reported with the scenario
            with lock:
                scenario.errors.append(repr(error))

    def _record(status: int, elapsed: float, expected: int) -> None:
        with lock:
            latencies.append(elapsed)
            if status != expected and len(scenario.errors) < 5:
                scenario.errors.append(f"{'floor ' if floor else ''}HTTP {status} (expected {expected})")

    threads_count = clients
    if scenario.method == "POST" and scenario.posts and "{action}" in scenario.posts[0][0]:
        threads_count = min(clients, len(scenario.posts))  # one incident per client: no conflicts
    threads = [threading.Thread(target=work, args=(number,)) for number in range(threads_count)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if floor:
        scenario.floor_latencies, scenario.floor_wall = latencies, wall
    else:
        scenario.latencies, scenario.wall = latencies, wall


def sessions_for(usernames: set[str]) -> dict:
    """A logged-in session per user, created directly in the session store (the production session
    cookie is Secure, so a loopback login form round trip would not keep it)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = {}
    for user in get_user_model().objects.filter(username__in=usernames):
        store = session_store()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[user.username] = store.session_key
    return sessions
