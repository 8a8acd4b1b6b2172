"""`manage.py check --deploy` is clean with the production settings (secure cookies, HSTS, …), and production hashes
passwords with Argon2."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_passes_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "regie.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "regie.example",
    }
    # The browser tests' conftest sets this for Playwright; a deployment must not (async.E001).
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "regie.settings.production", "ALLOWED_HOSTS": "regie.example"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_hashes_passwords_with_argon2():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "regie.settings.production", "SECRET_KEY": secrets.token_urlsafe(64)}
    code = (
        "import django; django.setup(); from django.contrib.auth.hashers import make_password; "
        "print(make_password('geheim').split('$')[0])"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "argon2", result.stderr


def test_postgresql_connections_run_without_jit_and_keep_the_options_of_the_database_url():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "regie.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "regie.example",
        "DATABASE_URL": "postgres://regie@db.example:5432/regie?options=-c%20search_path%3Dregie",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['OPTIONS']['options'])",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["-c", "search_path=regie", "-c", "jit=off"]
