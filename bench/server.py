"""gunicorn on loopback for the benchmark, the soak run and the fault tests: start it, wait until it answers,
stop it. And a Celery worker beside it, when the run has a broker, as production has."""

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    port: int, environment: dict, log, *, workers: int = 1, threads: int = 1, request_timeout: int = 120
) -> subprocess.Popen:
    """`regie.wsgi` on 127.0.0.1:port with the given environment; returns once it answers."""
    command = [str(Path(sys.executable).parent / "gunicorn"), "regie.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)]
    command += ["--timeout", str(request_timeout), "--graceful-timeout", "10"]
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        command, cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/accounts/login/", headers={"Host": f"127.0.0.1:{port}"})
            connection.getresponse().read()
            connection.close()
            return process
        except OSError:
            time.sleep(0.2)
    stop_process(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_process(process: subprocess.Popen) -> None:
    """Stop gunicorn or the worker: TERM, then KILL after 20 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_celery_worker(environment: dict, log) -> subprocess.Popen:
    """One Celery worker (one process) on the environment's broker, as `make worker` runs it, without beat."""
    command = [sys.executable, "-m", "celery", "-A", "regie", "worker", "--concurrency=1", "--loglevel=warning"]
    return subprocess.Popen(  # noqa: S603 - fixed command line
        command, cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
