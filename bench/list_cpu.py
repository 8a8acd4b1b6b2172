"""CPU time of the Django process per request of one page, in-process (test client): the median of
`--requests` after 20 warm-up ones. CPU time, not wall time, so that a busy machine bends it least.

Run from the root of the tree to measure (an older checkout too, with its own settings module):

    DATABASE_URL=postgres://…/regie_bench python /path/to/bench/list_cpu.py regie.settings.local
    DATABASE_URL=postgres://…/regie_bench python bench/list_cpu.py regie.settings.local --no-row-cache

`DEBUG` off, static files unhashed; `--no-row-cache` renders every row of the chain's incident list
(incidents.list_rows) instead of reading it from the cache (core.rendered)."""

import argparse
import os
import statistics
import sys
import time
import types


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("settings", help="the tree's settings module, e.g. regie.settings.local")
    parser.add_argument("--user", default="po")
    parser.add_argument("--path", default="/incidents/?scope=all")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-row-cache", action="store_true")
    options = parser.parse_args()

    sys.path.insert(0, os.getcwd())
    settings = types.ModuleType("list_cpu_settings")
    exec(  # noqa: S102 - the settings of the tree measured, with DEBUG off and plain static files
        f"from {options.settings} import *\nDEBUG = False\nALLOWED_HOSTS = ['*']\n"
        "STORAGES = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'},"
        " 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n",
        settings.__dict__,
    )
    sys.modules[settings.__name__] = settings
    os.environ["DJANGO_SETTINGS_MODULE"] = settings.__name__

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    if options.no_row_cache:
        from django.core.cache.backends.dummy import DummyCache

        from core import rendered

        rendered.cache = DummyCache("rows", {})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=options.user))
    for _ in range(20):
        assert client.get(options.path).status_code == 200
    samples = []
    for _ in range(options.requests):
        began = time.process_time()
        client.get(options.path)
        samples.append(time.process_time() - began)
    print(f"{statistics.median(samples) * 1000:.1f}")


if __name__ == "__main__":
    main()
