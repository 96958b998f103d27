import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 10 + "production-like-secret-9f8e7d6c5b4a3210zyxwvutsrqponm",
    "ALLOWED_HOSTS": "thidua.mongcai.gov.vn",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/mongcai",
}


def manage(*args, env):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SESSION_", "CSRF_", "STATIC_", "DJANGO_ALLOW_ASYNC"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def settings_read(env: dict) -> list[str]:
    code = (
        "import mongcai.settings as s; "
        "print(s.SESSION_ENGINE); print(s.CACHES['default']['BACKEND']); "
        "print(s.CACHES['api']['BACKEND'])"
    )
    base = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "API_CACHE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_sessions_are_read_from_the_cache_only_when_it_is_shared():
    assert settings_read({"CACHE_URL": "redis://127.0.0.1:6379/2"}) == [
        "django.contrib.sessions.backends.cached_db",
        "mongcai.lib.redis_cache.RedisCache",
        "mongcai.lib.redis_cache.RedisCache",
    ]
    # Each process's own memory: a session one worker ended would live on in another.
    assert settings_read({}) == [
        "django.contrib.sessions.backends.db",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


GUNICORN_CONFIG_READ = """
import gc, sys
from gunicorn.app.wsgiapp import WSGIApplication

sys.argv = ["gunicorn", "mongcai.wsgi"]  # as the Procfile starts it, no --config
app = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]")
hook = app.cfg.post_worker_init
print(app.cfg.config, hook.__module__)
before = gc.get_freeze_count()
hook(None)
print(gc.get_freeze_count() - before > 10_000, *gc.get_threshold())
"""


def test_gunicorn_workers_freeze_what_they_loaded_before_serving():
    """gunicorn reads the project's gunicorn.conf.py from the working directory:
    each worker, once Django is loaded, moves its objects out of the garbage
    collector's reach and collects the young generation less often."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mongcai.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + GUNICORN_CONFIG_READ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    config, module = result.stdout.splitlines()[0].split()
    assert (config, module) == ("./gunicorn.conf.py", "__config__")
    assert result.stdout.splitlines()[1].split() == ["True", "7000", "10", "10"]
