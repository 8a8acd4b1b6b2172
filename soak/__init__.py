"""`make soak`: a bounded load test of the portal under gunicorn on loopback (see soak/run.py)."""
