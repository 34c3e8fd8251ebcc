"""The production server as a county runs it: `dibao serve` (gunicorn and the worker) with the
production settings on PostgreSQL, static files collected and served with hashed names.

It needs the tests' database to be PostgreSQL (`DATABASE_URL`, or `make pytest-postgres`): the
server is another process and reads the same database. On SQLite it is skipped; CI's PostgreSQL
pass (DIBAO_REQUIRE_POSTGRES=1) runs it.
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from dibao.core.roles import Role

from ..factories import UserFactory

PASSWORD = "a-County-clerk-2026"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url() -> str:
    given = connection.settings_dict
    user = quote(given["USER"] or "", safe="")
    password = f":{quote(given['PASSWORD'], safe='')}" if given.get("PASSWORD") else ""
    port = f":{given['PORT']}" if given.get("PORT") else ""
    return f"postgres://{user}{password}@{given['HOST'] or '127.0.0.1'}{port}/{given['NAME']}"


class Browser:
    """Requests as a browser sends them through the county's proxy: over HTTPS as far as Django
    knows (X-Forwarded-Proto), so the secure cookies are kept and sent back, with a Referer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict[str, str] | None = None, **headers: str) -> Any:
        wire = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Referer": "https://127.0.0.1/accounts/login/",
            **headers,
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        wire.request(method, path, body=data, headers=sent)
        response = wire.getresponse()
        response.content = response.read()
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
        wire.close()
        return response


@pytest.fixture
def served(transactional_db: None, areas: Any, tmp_path: Path) -> Iterator[tuple[Browser, Path]]:
    if connection.vendor != "postgresql":
        pytest.skip("the production server runs on PostgreSQL: set DATABASE_URL (make pytest-postgres)")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dibao.config.settings.production",
        "DIBAO_SECRET_KEY": secrets.token_urlsafe(50),
        "DIBAO_ALLOWED_HOSTS": "127.0.0.1",
        "DIBAO_SSL_REDIRECT": "0",
        "DIBAO_VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' setting, no server's
    dibao = [sys.executable, "-m", "dibao.config.cli"]
    subprocess.run([*dibao, "collectstatic", "--noinput", "-v", "0"], env=environment, check=True)
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*dibao, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    browser = Browser(port)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            try:
                browser.request("GET", "/health/")
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        yield browser, log
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        server.wait(timeout=90)
    # SIGTERM stops the server and the worker, each finishing what it had in hand, and no more.
    assert server.returncode == 0, log.read_text()


def test_the_production_server_logs_in_serves_a_page_its_css_and_its_health(served, areas):
    browser, log = served
    hashed = PBKDF2PasswordHasher()
    clerk = UserFactory.create(username="clerk", role=Role.COMMUNITY, area=areas.haizhou)
    # Hashed as production hashes (the tests' own hasher is a fast one the server does not know).
    clerk.password = hashed.encode(PASSWORD, hashed.salt())
    clerk.save(update_fields=["password"])

    # The log-in page, then the form posted with its CSRF token and cookie.
    form = browser.request("GET", "/accounts/login/")
    assert form.status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.content)
    assert token and "csrftoken" in browser.cookies
    answer = browser.request(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": "clerk", "password": PASSWORD},
    )
    assert answer.status == 302, answer.content[:500]
    assert "sessionid" in browser.cookies
    assert "Secure" in answer.headers["Set-Cookie"] or "secure" in answer.headers["Set-Cookie"]

    page = browser.request("GET", "/households/", **{"X-Request-ID": "0f8fad5bd9cb469fa16570867728950e"})
    assert page.status == 200
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # No trusted proxy is configured: the id the client sent is not the one logged.
    request_id = page.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id) and request_id != "0f8fad5bd9cb469fa16570867728950e"

    # Its stylesheet under a hashed name, compressed, kept by the browser for a year.
    css = re.search(rb'href="(/static/dibao/app\.[0-9a-f]{12}\.css)"', page.content)
    assert css, page.content[:1500]
    sheet = browser.request("GET", css.group(1).decode(), **{"Accept-Encoding": "gzip"})
    assert sheet.status == 200
    assert sheet.headers["Content-Type"].startswith("text/css")
    assert sheet.headers["Content-Encoding"] == "gzip"
    cache = sheet.headers["Cache-Control"]
    assert "immutable" in cache and int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600

    # Health: the worker beside the server answers the heartbeat the first check queues.
    deadline = time.monotonic() + 30
    while (health := browser.request("GET", "/health/")).status != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert health.status == 200, health.content
    assert json.loads(health.content) | {"worker_last_seen": None} == {
        "database": True,
        "migrations": True,
        "worker": True,
        "worker_last_seen": None,
        "status": "ok",
    }

    # Each request left one JSON line carrying its id.
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    logged = [line for line in lines if line.get("request_id") == request_id]
    assert [(line["logger"], line["path"], line["status"]) for line in logged] == [
        ("dibao.requests", "/households/", 200)
    ]
