"""No network (and no stack overflow) for the process that runs users' SPARQL.

pyoxigraph has no option to switch ``SERVICE`` off: a query that reaches the engine with
a SERVICE clause makes it open an HTTP connection. :mod:`kg.readonly` refuses such
queries before they get there; this module is the second line, for the processes that
evaluate users' queries:

- :func:`deny_network` (a query worker process, once): a new, empty network namespace
  (``unshare(CLONE_NEWUSER | CLONE_NEWNET)``, allowed to unprivileged processes on most
  Linux systems): no interface but a loopback that is down, so every connect fails;
  where that is not allowed, no new file descriptors at all (``RLIMIT_NOFILE`` at the
  lowest free descriptor), so no socket can be opened either;
- :func:`no_new_descriptors` (around one query in a single-threaded program, ``kg query``):
  the descriptor limit for the duration of a block.
"""

from __future__ import annotations

import ctypes
import os
import resource
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def _unshare_network() -> bool:
    """Move this (single-threaded) process into a new user and network namespace; False where not allowed."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0
    except (OSError, AttributeError):
        return False


def _lowest_free_descriptor() -> int:
    probe = os.open(os.devnull, os.O_RDONLY)  # the kernel hands out the lowest free number
    os.close(probe)
    return probe


def deny_network(files_needed: bool = False) -> str:
    """Make outbound connections impossible for the rest of this process's life; returns how.

    ``"namespace"``: no network at all; ``"descriptors"``: no new file descriptors (only
    when ``files_needed`` is False: a store that opens files lazily would break);
    ``"none"``: neither was possible (the SPARQL guard is then the only line).
    Call it in a single-threaded process (a freshly forked worker).
    """
    if _unshare_network():
        return "namespace"
    if files_needed:
        return "none"
    limit = _lowest_free_descriptor()
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    return "descriptors"


@contextmanager
def no_new_descriptors() -> Iterator[None]:
    """No new file descriptors (so no sockets) inside the block; the soft limit is restored after.

    The block must not need new files or sockets itself, and no other thread may need
    them meanwhile: the limit is per process.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (_lowest_free_descriptor(), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


#: Stack for the thread that evaluates a user's query: pyoxigraph recurses once per level of
#: nesting *and* per element of a flat chain (``1+1+…``, ``{} UNION {} …``); with the usual
#: 8 MB a chain of 15,000 elements is a segmentation fault. Only touched pages cost memory.
ENGINE_STACK_BYTES = 1024 * 1024 * 1024
_STACK_LOCK = threading.Lock()


def with_large_stack(function: Callable[[], T]) -> T:
    """``function()`` run in a thread with :data:`ENGINE_STACK_BYTES` of stack; its result or its exception."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = exc

    with _STACK_LOCK:
        previous = threading.stack_size(ENGINE_STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name="kg-engine", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
