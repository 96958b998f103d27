"""Smoke test of the `make run` path: a fresh checkout's demo serves and logs in.

Copies nothing: runs `make run` in a temporary copy of the SQLite location
(DATABASE_URL points at a temp file), waits for the server, signs in as the
demo council member and finds the article's campaign on the home page.
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = os.environ.get("SMOKE_PORT", "8765")
BASE = f"http://127.0.0.1:{PORT}"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PORT": PORT, "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3"}
        env.pop("CELERY_BROKER_URL", None)
        server = subprocess.Popen(
            ["make", "run"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            return check(server)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def check(server) -> int:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    deadline = time.monotonic() + 240
    page = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            print(server.stdout.read())
            print("smoke: make run exited early", file=sys.stderr)
            return 1
        try:
            page = opener.open(f"{BASE}/login/", timeout=5).read().decode()
            break
        except OSError:
            time.sleep(1)
    if page is None:
        print("smoke: the server did not answer within 240 s", file=sys.stderr)
        return 1
    assert "Đăng nhập" in page, "login page is not rendered in Vietnamese"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": "hoidong", "password": "MongCai@2023", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{BASE}/login/", data=form, headers={"Referer": BASE})
    home = opener.open(request, timeout=10).read().decode()
    assert "60 năm thành lập tỉnh Quảng Ninh" in home, "the demo campaign is not on the home page"
    print("smoke: make run serves the login page, the demo logins work, the demo is loaded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
