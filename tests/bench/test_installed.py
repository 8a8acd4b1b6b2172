"""The benchmark's tools are installed for development, tests and the benchmark itself, never in production:
`generate_load` drops indexes, switches off foreign-key triggers and loads demo users with a known password."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django; django.setup(); "
    "from django.apps import apps; from django.core.management import get_commands; "
    "print(apps.is_installed('bench'), 'generate_load' in get_commands())"
)


def _installed(settings: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "regie.example",
    }
    result = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "-c", PROBE], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_settings_do_not_install_the_benchmark():
    assert _installed("regie.settings.production") == "False False"


@pytest.mark.parametrize("settings", ["regie.settings.local", "regie.settings.test", "bench.settings"])
def test_development_test_and_benchmark_settings_install_it(settings):
    assert _installed(settings) == "True True"
