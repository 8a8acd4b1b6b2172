from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's tools as an app, for its `generate_load` command. Installed by the local, test and
    benchmark settings only: the command writes demo users with their known password, drops indexes and
    switches off foreign-key triggers, so production settings never install it."""

    name = "bench"
    verbose_name = "Benchmark"
