"""The benchmark (`make bench`): see bench/run.py and docs/performance.md. A development tool: the local, test
and benchmark settings install it as an app for `manage.py generate_load` (bench/loadgen/); production never does."""
