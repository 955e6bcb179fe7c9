"""A pool of pre-started query worker processes that hold the store and can be killed.

pyoxigraph cannot cancel a running query, so a query that overruns the time limit must
run in a process we can kill. Forking the (large, multi-threaded) web process for every
query cost ≥ 95 % of a lookup's time; instead:

- a *zygote* process, started once per pool, loads the graph and forks workers from
  itself on request: a fork of a small single-threaded process takes a few milliseconds
  and shares the in-memory store copy-on-write (:func:`open_worker_store` is the one
  place that knows how a worker gets its graph; a large graph is opened read-only on
  disk by each worker instead);
- the web process keeps idle workers in a queue and sends each query to one of them over
  a socket; the worker answers with the serialised result and waits for the next query;
- a worker that overruns the limit is killed through a pidfd (immune to pid reuse, no
  round trip to the zygote, which reaps it) and replaced; the request gets a 503;
- the zygote and its workers have no network (:func:`kg.sandbox.deny_network`), so a
  ``SERVICE`` clause that got past the guard cannot reach anything;
- of the queries that used more than :data:`LONG_CPU` seconds of CPU at most
  ``long_slots`` run at once, those that used the least (:class:`_LongQueries`): the
  others are frozen (SIGSTOP), so dozens of runaway queries cannot take the cores from
  the many short ones, nor from a short one that was merely slow on a busy machine
  (judging by wall-clock time starved exactly those; see bench/results.md).

``size`` workers are started at once; under load the pool grows up to ``max_size``
workers (one per query running at the same time), which then stay. Run as ``python -m web.pool FD KIND PATH``, this module is the zygote.
"""

from __future__ import annotations

import atexit
import gc
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable

import pyoxigraph as ox

from kg.builddir import read_manifest, store_path
from kg.config import Settings
from kg.sandbox import deny_network
from kg.store import EmbeddedStore

#: Seconds after which a running query is watched, and seconds of CPU after which a watched
#: query counts as long (see :class:`_LongQueries`). Our heaviest benchmark query (CQ 16) uses
#: ~0.02 s of CPU; the lower this is, the sooner runaway queries stop taking the cores.
LONG_AFTER = 0.25
LONG_CPU = 0.05
#: Seconds between two decisions which long queries run.
RESCHEDULE = 0.1
_TICKS = os.sysconf("SC_CLK_TCK")
#: Seconds to wait for the zygote to load the store and fork the first worker.
START_TIMEOUT = 120.0
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class PoolError(Exception):
    """The pool could not run the query; ``reason`` is ``busy``, ``timeout`` or ``died``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: Graphs up to this many quads are copied into the workers' memory: pyoxigraph answers
#: 4–7× faster from memory than from its on-disk store (measured on our graph, see
#: bench/results.md); larger ones are opened read-only on disk by every worker.
IN_MEMORY_QUADS = 2_000_000


@dataclass(frozen=True)
class WorkerSource:
    """What a worker process opens to get the graph.

    ``kind`` ``nquads``: an N-Quads dump of ours (deleted when the pool closes), loaded into
    memory once by the zygote and shared with its workers copy-on-write; ``disk``: pyoxigraph's on-disk store, opened read-only
    by each worker after the fork (RocksDB must not be used across a fork).
    """

    kind: str
    path: str

    @property
    def per_worker(self) -> bool:
        return self.kind == "disk"


def open_worker_store(source: WorkerSource) -> ox.Store:
    """Open the store a worker queries: the one place that knows how a worker gets its graph."""
    if source.kind == "nquads":
        store = ox.Store()
        store.bulk_load(path=source.path, format=ox.RdfFormat.N_QUADS)
        return store
    if source.kind == "disk":
        return ox.Store.read_only(source.path)
    raise ValueError(f"unknown worker store kind {source.kind!r}")


def worker_source(store: EmbeddedStore, settings: Settings) -> WorkerSource:
    """Where workers get the same graph as ``store``: its on-disk folder when it is large, else a dump of it."""
    if len(store) > IN_MEMORY_QUADS and store.version:
        path = store_path(settings)
        manifest = read_manifest(settings.build_dir)
        if path is not None and manifest and manifest.get("version") == store.version:
            return WorkerSource("disk", str(path))
    handle, path = tempfile.mkstemp(prefix="kg-workers-", suffix=".nq")
    with os.fdopen(handle, "wb") as out:
        store.ox.dump(out, format=ox.RdfFormat.N_QUADS)
    atexit.register(_unlink, path)
    return WorkerSource("nquads", path)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@dataclass(eq=False)
class _Worker:
    pid: int
    pidfd: int
    conn: Connection


def _signal(worker: _Worker, signum: int) -> None:
    try:
        signal.pidfd_send_signal(worker.pidfd, signum)
    except ProcessLookupError:
        pass


class _LongQueries:
    """Queries still running after :data:`LONG_AFTER` seconds: the long ones share ``slots`` places.

    A watched query is *long* once it used :data:`LONG_CPU` seconds of CPU; until then it
    runs, however long it waits on a busy machine. Every :data:`RESCHEDULE` seconds the
    ``slots`` long queries that used the least CPU run and the other long ones are frozen
    (SIGSTOP): runaway queries take turns (their CPU times overtake each other) until their
    time is up, and cannot take the cores from the many short ones. Measured alternatives
    that starved short queries on a loaded machine (bench/results.md): judging by
    wall-clock time (freezing the older long queries, or lowering their priority), and
    least CPU first among all watched queries (a stream of new queries starves the
    middle-sized ones).
    """

    def __init__(self, slots: int, cpu_time: Callable[[int], float] | None = None,
                 send: Callable[[_Worker, int], None] | None = None) -> None:
        self.slots = slots
        self._cpu_time = cpu_time or cpu_seconds
        self._send = send or _signal
        self._lock = threading.Lock()
        self._watched: dict[_Worker, float] = {}  # worker -> its CPU time when its query started
        self._frozen: set[_Worker] = set()
        self._ticker: threading.Thread | None = None

    def start(self, worker: _Worker, cpu_at_start: float) -> None:
        """Watch ``worker``, whose query started when the worker had used ``cpu_at_start`` seconds of CPU."""
        with self._lock:
            self._watched[worker] = cpu_at_start
            self._schedule()
            if self._ticker is None:
                self._ticker = threading.Thread(target=self._tick, name="kg-pool-long", daemon=True)
                self._ticker.start()

    def finish(self, worker: _Worker) -> None:
        """``worker``'s query ended (answered or timed out): it runs again, another one may take its place."""
        with self._lock:
            self._watched.pop(worker, None)
            if worker in self._frozen:
                self._frozen.discard(worker)
                self._send(worker, signal.SIGCONT)
            self._schedule()

    def frozen(self) -> set[_Worker]:
        """The workers frozen right now."""
        with self._lock:
            return set(self._frozen)

    def _schedule(self) -> None:
        """Freeze the long queries beyond the ``slots`` that used the least CPU; run every other one (lock held)."""
        used = {worker: self._cpu_time(worker.pid) - start for worker, start in self._watched.items()}
        waiting = sorted((w for w in used if used[w] >= LONG_CPU), key=used.__getitem__)[self.slots:]
        for worker in waiting:
            if worker not in self._frozen:
                self._send(worker, signal.SIGSTOP)
                self._frozen.add(worker)
        for worker in self._frozen - set(waiting):
            self._frozen.discard(worker)
            self._send(worker, signal.SIGCONT)

    def _tick(self) -> None:
        """Reschedule while queries are watched."""
        while True:
            time.sleep(RESCHEDULE)
            with self._lock:
                if not self._watched:
                    self._ticker = None
                    return
                self._schedule()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) that process ``pid`` used so far; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


@dataclass
class PoolStats:
    """Counters for tests and benchmarks."""

    forked: int = 0
    killed: int = 0
    last_killed: int | None = None


class QueryPool:
    """Worker processes that run jobs with a time limit; see the module docstring."""

    def __init__(self, source: WorkerSource, size: int = 2, max_size: int = 16,
                 long_slots: int = max(1, (os.cpu_count() or 2) // 2)) -> None:
        self.source = source
        self._long = _LongQueries(long_slots)
        self.size = max(1, size)
        self.max_size = max(self.size, max_size)
        self.stats = PoolStats()
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._live = 0
        self._lock = threading.Lock()
        self._zygote_lock = threading.Lock()
        self._zygote: subprocess.Popen | None = None
        self._control: socket.socket | None = None
        self._closed = False
        self._in_flight = 0
        self._close_when_idle = False
        threading.Thread(target=self._prestart, name="kg-pool-start", daemon=True).start()

    # --- public ---------------------------------------------------------------

    def run(self, job: Any, timeout: float) -> Any:
        """Send ``job`` to a worker and return its answer; raises :class:`PoolError`.

        Waits at most ``timeout`` seconds for a free worker and ``timeout`` seconds for the answer.
        """
        with self._lock:
            self._in_flight += 1
        try:
            worker = self._checkout(timeout)
            try:
                cpu_at_start = cpu_seconds(worker.pid)
                worker.conn.send(job)
                if not self._wait(worker, timeout, cpu_at_start):
                    self._discard(worker)
                    raise PoolError("timeout")
                answer = worker.conn.recv()
            except (EOFError, OSError) as exc:
                self._discard(worker)
                raise PoolError("died") from exc
            self._checkin(worker)
            return answer
        finally:
            with self._lock:
                self._in_flight -= 1
                close_now = self._close_when_idle and not self._in_flight
            if close_now:
                self.close()

    def ready(self, timeout: float = START_TIMEOUT) -> bool:
        """Wait until ``size`` workers are idle (after start or a replacement); False on timeout."""
        deadline = time.monotonic() + timeout
        while self._idle.qsize() < self.size:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def close_when_idle(self) -> None:
        """Close the pool as soon as no query runs in it (at once when none does)."""
        with self._lock:
            self._close_when_idle = True
            close_now = not self._in_flight
        if close_now:
            self.close()

    def close(self) -> None:
        """Stop the zygote and every worker."""
        self._closed = True
        with self._zygote_lock:
            if self._control is not None:
                self._control.close()  # the zygote sees EOF, kills its workers and exits
                self._control = None
            if self._zygote is not None:
                try:
                    self._zygote.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._zygote.kill()
                self._zygote = None
        while True:
            try:
                self._retire(self._idle.get_nowait())
            except queue.Empty:
                break
        if self.source.kind == "nquads":
            _unlink(self.source.path)

    # --- workers --------------------------------------------------------------

    def _prestart(self) -> None:
        for _ in range(self.size):
            with self._lock:
                if self._live >= self.size or self._closed:
                    return
                self._live += 1
            try:
                self._idle.put(self._fork())
            except PoolError:
                with self._lock:
                    self._live -= 1
                return

    def _checkout(self, timeout: float) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            grow = self._live < self.max_size
            if grow:
                self._live += 1
        if grow:  # in the background: a busy worker is often free again before a new one is forked
            threading.Thread(target=self._grow, name="kg-pool-grow", daemon=True).start()
        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            raise PoolError("busy") from None

    def _grow(self) -> None:
        """Fork one more worker (already counted in ``_live``) and make it idle."""
        try:
            worker = self._fork()
        except PoolError:
            with self._lock:
                self._live -= 1
            return
        self._checkin(worker)

    def _wait(self, worker: _Worker, timeout: float, cpu_at_start: float) -> bool:
        """Wait for the answer; once the query is long, it may be frozen while other long ones run."""
        if timeout <= LONG_AFTER:
            return worker.conn.poll(timeout)
        if worker.conn.poll(LONG_AFTER):
            return True
        self._long.start(worker, cpu_at_start)
        try:
            return worker.conn.poll(timeout - LONG_AFTER)
        finally:
            self._long.finish(worker)

    def _checkin(self, worker: _Worker) -> None:
        if self._closed:
            self._retire(worker)
        else:
            self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (the zygote reaps it) and forget it."""
        _signal(worker, signal.SIGKILL)
        os.close(worker.pidfd)
        worker.conn.close()
        with self._lock:
            self._live -= 1

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker that overran or died, and keep ``size`` workers warm."""
        self.stats.killed += 1
        self.stats.last_killed = worker.pid
        self._retire(worker)
        if not self._closed:
            threading.Thread(target=self._prestart, name="kg-pool-replace", daemon=True).start()

    # --- the zygote -----------------------------------------------------------

    def _fork(self) -> _Worker:
        """A new idle worker, forked by the zygote (started first if needed)."""
        with self._zygote_lock:
            for _attempt in (1, 2):
                if self._closed:
                    raise PoolError("died")
                if self._zygote is None or self._zygote.poll() is not None:
                    self._start_zygote()
                try:
                    self._control.sendall(b"fork\n")
                    self._control.settimeout(START_TIMEOUT)
                    data, fds, _flags, _addr = socket.recv_fds(self._control, 64, 1)
                    self._control.settimeout(None)
                except OSError:
                    data, fds = b"", []
                if data and fds:
                    pid = int(data.decode().strip())
                    self.stats.forked += 1
                    return _Worker(pid, os.pidfd_open(pid), Connection(fds[0]))
                for fd in fds:
                    os.close(fd)
                self._stop_zygote()
            raise PoolError("died")

    def _start_zygote(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])))
        self._zygote = subprocess.Popen(
            [sys.executable, "-m", "web.pool", str(theirs.fileno()), self.source.kind, self.source.path],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env, start_new_session=True,
        )
        theirs.close()
        self._control = ours

    def _stop_zygote(self) -> None:
        """Kill the zygote and its workers (one process group) after it stopped answering."""
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._zygote is not None:
            try:
                os.killpg(self._zygote.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._zygote.wait()
            self._zygote = None
        while True:  # the idle workers died with it
            try:
                self._retire(self._idle.get_nowait())
            except queue.Empty:
                break


# --- the zygote and worker processes -------------------------------------------

def zygote_main(control_fd: int, source: WorkerSource, handler: Callable[[ox.Store, Any], Any]) -> None:
    """Open the store, then fork a worker per ``fork`` line; reap workers as they end.

    Ends (killing its workers) when the web process closes the control socket.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the web process; it closes us
    children: set[int] = set()
    signal.signal(signal.SIGCHLD, lambda _signum, _frame: _reap(children))
    # Second line behind the SERVICE guard: no network for the zygote and every worker it
    # forks (done first, while this process has one thread).
    sandboxed = deny_network(files_needed=True) == "namespace"
    shared = None if source.per_worker else open_worker_store(source)
    # Workers share this process's memory copy-on-write; the garbage collector would write
    # into every object it scans and so copy the pages into each worker, whose memory then
    # grows with every query it answers. What exists now is never collected.
    gc.freeze()
    control = socket.socket(fileno=control_fd)
    reader = control.makefile("rb")
    for line in reader:
        if line.strip() == b"fork":
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the worker
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                reader.close()
                control.close()
                ours.close()
                store = shared if shared is not None else open_worker_store(source)
                if not sandboxed:
                    deny_network(files_needed=source.per_worker)  # at least no new sockets
                _serve(Connection(theirs.detach()), store, handler)
            theirs.close()
            children.add(pid)
            socket.send_fds(control, [f"{pid}\n".encode()], [ours.fileno()])
            ours.close()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid in list(children):
        _kill(pid)


def _serve(conn: Connection, store: ox.Store, handler: Callable[[ox.Store, Any], Any]) -> None:  # pragma: no cover
    """A worker: answer jobs until the web process closes the connection."""
    try:
        while True:
            try:
                job = conn.recv()
            except EOFError:
                break
            conn.send(handler(store, job))
    finally:
        os._exit(0)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _reap(children: set[int]) -> None:
    """Reap every worker that ended (killed by the web process, or a crash in the engine)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            return
        children.discard(pid)


if __name__ == "__main__":  # pragma: no cover - started by QueryPool
    from web.execute import evaluate

    zygote_main(int(sys.argv[1]), WorkerSource(sys.argv[2], sys.argv[3]), evaluate)
