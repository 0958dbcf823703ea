"""A store process: one database connection in a process of its own, running store calls in order.

Reads calls (a module-level function and its plain-data arguments); runs each as ``function(conn, *args)``
in a transaction of its own on its own connection, and sends back the return value. Calls run one at a
time, in the order they were submitted, and results come back in the same order; once a call fails,
the calls after it are not run (they may rest on it) and report that instead.

The ledger's bulk load (:meth:`flashpoint.ledger.Ledger.record_many` with ``background=True``) uses it
to write one batch and read the store for the next while the calling process fuses: SQLite does its
work in C, so on a machine with two cores the two processes overlap. Threads would not: a writing
thread must take the interpreter lock back for every row it binds.

Requests and results travel through two one-way pipes, and the store process reads requests and
sends results on threads of their own: a large request and a large result in flight at once never
block each other, and the next call runs while a result waits for the caller to read it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any

from flashpoint.errors import StoreError

log = logging.getLogger(__name__)

_STOP = None
_JOIN_SECONDS = 30.0


def _serve(url: str, requests: Connection, results: Connection) -> None:
    """The store process: run each request in its own transaction and send back its value or its error."""
    from flashpoint.store.database import create_engine  # in the child: the same engine settings

    inbox: queue.Queue[Any] = queue.Queue()
    outbox: queue.Queue[Any] = queue.Queue()

    def receive() -> None:
        while True:
            try:
                message = requests.recv()
            except (EOFError, OSError):
                message = _STOP
            inbox.put(message)
            if message is _STOP:
                return

    def send() -> None:
        # a result waits here until the caller reads it, while the next call already runs
        while True:
            message = outbox.get()
            if message is _STOP:
                return
            try:
                results.send(message)
            except (OSError, ValueError):
                return

    threading.Thread(target=receive, name="flashpoint-store-inbox", daemon=True).start()
    sender = threading.Thread(target=send, name="flashpoint-store-outbox", daemon=True)
    sender.start()
    engine = create_engine(url)
    failed: str | None = None  # after a failure nothing more runs: later calls may rest on the failed one
    try:
        while True:
            message = inbox.get()
            if message is _STOP:
                return
            if failed is not None:
                outbox.put(("error", f"not run: an earlier call failed ({failed})"))
                continue
            function, args = message
            try:
                with engine.begin() as conn:
                    value = function(conn, *args)
                outbox.put(("ok", value))
            except Exception as exc:  # noqa: BLE001 - every failure goes back to the caller as a StoreError
                failed = f"{type(exc).__name__}: {exc}"
                outbox.put(("error", failed))
    finally:
        engine.dispose()
        outbox.put(_STOP)
        sender.join()
        results.close()


class StoreWorker:
    """A store process on ``url`` (a file database: the calling process and this one share it).

    ``submit`` queues a call, ``result`` waits for the value of the oldest call not yet collected.
    A failed call raises :class:`~flashpoint.errors.StoreError` from ``result``; its transaction was rolled
    back. Close it (or use it as a context manager) to stop the process.

    The process runs ``python -m flashpoint.store.worker`` with the same interpreter: unlike
    ``multiprocessing``'s spawn, it never imports the caller's main module again, so scripts need no
    ``if __name__ == "__main__"`` guard.
    """

    def __init__(self, url: str, *, extra_path: str | None = None) -> None:
        """Start the process; ``extra_path``: one more import path there (for calls defined outside
        Flashpoint)."""
        requests_in, requests_out = os.pipe()
        results_in, results_out = os.pipe()
        package_root = str(Path(__file__).resolve().parents[2])  # where ``flashpoint`` is imported from
        env = dict(os.environ)
        paths = (extra_path, package_root, env.get("PYTHONPATH"))
        env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        try:
            self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
                [sys.executable, "-m", "flashpoint.store.worker", url, str(requests_in), str(results_out)],
                pass_fds=(requests_in, results_out),
                env=env,
            )
        except OSError as exc:
            for fd in (requests_in, requests_out, results_in, results_out):
                os.close(fd)
            raise StoreError(f"cannot start the store process: {exc}") from exc
        os.close(requests_in)
        os.close(results_out)
        self._requests = Connection(requests_out, readable=False)
        self._results = Connection(results_in, writable=False)
        self.pending = 0  # calls submitted and not yet collected

    def submit(self, function: Callable[..., Any], *args: Any) -> None:
        """Queue ``function(conn, *args)`` (a module-level function; arguments must pickle)."""
        try:
            self._requests.send((function, args))
        except (OSError, ValueError) as exc:
            raise StoreError(f"the store process is not running: {exc}") from exc
        self.pending += 1

    def result(self) -> Any:
        """The value of the oldest uncollected call (waits for it)."""
        if not self.pending:
            raise StoreError("no store call is waiting for its result")
        try:
            status, value = self._results.recv()
        except (EOFError, OSError) as exc:
            raise StoreError(f"the store process stopped (exit code {self._process.poll()})") from exc
        self.pending -= 1
        if status != "ok":
            raise StoreError(f"store process: {value}")
        return value

    def close(self) -> None:
        """Stop the process after the calls already submitted (their results are dropped)."""
        if self._process.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                self._requests.send(_STOP)
            # results the caller will not collect must be read, or the process blocks sending them
            while self.pending and self._process.poll() is None:
                try:
                    if self._results.poll(0.1):
                        self._results.recv()
                        self.pending -= 1
                except (EOFError, OSError):
                    break
            try:
                self._process.wait(_JOIN_SECONDS)
            except subprocess.TimeoutExpired:
                log.warning("store process did not stop in %.0f s; stopping it", _JOIN_SECONDS)
                self._process.kill()
                self._process.wait()
        self._requests.close()
        self._results.close()

    def __enter__(self) -> StoreWorker:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def main(argv: list[str]) -> int:
    """``python -m flashpoint.store.worker URL REQUESTS_FD RESULTS_FD`` (started by :class:`StoreWorker`)."""
    url, requests_fd, results_fd = argv
    _serve(url, Connection(int(requests_fd), writable=False), Connection(int(results_fd), readable=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
