"""Errors users see: one base class, and the one mapping from any exception to a Dutch message.

Every command ends in :func:`user_message` when something goes wrong (see ``kg.cli``), so
no Python traceback reaches a user; ``kg --debug`` shows it. This module imports nothing
of ours, so it works even when the rest of the package cannot load.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

#: Exit code of every command that stops on an error (1 is reserved for "checked, found problems").
EXIT_ERROR = 2

_OS_ERROR = re.compile(r"\(os error (\d+)\)")
_REASONS = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quotum) is op",
    errno.EACCES: "geen toegang (leesrechten of schrijfrechten ontbreken)",
    errno.EPERM: "geen toestemming voor deze bewerking",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.ENOENT: "bestaat niet",
    errno.ELOOP: "te veel symbolische koppelingen (een lus?)",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EMFILE: "te veel open bestanden",
    errno.EIO: "invoer-/uitvoerfout van het apparaat",
}


class KgError(Exception):
    """An error with a complete Dutch message for the user (naming the file, and line where known)."""


class WriteError(KgError):
    """Writing an output failed; nothing of it was switched in, the previous state is kept."""


def os_error_number(exc: OSError) -> int | None:
    """The errno of an OSError, also for Rust-made ones (pyoxigraph) that only say ``(os error 28)``."""
    if exc.errno is not None:
        return exc.errno
    match = _OS_ERROR.search(str(exc))
    return int(match.group(1)) if match else None


def os_error_reason(exc: OSError) -> str:
    """What went wrong, in Dutch (``de schijf is vol``), falling back to the system's text."""
    number = os_error_number(exc)
    if number in _REASONS:
        return _REASONS[number]
    return exc.strerror or _OS_ERROR.sub("", str(exc)).strip() or type(exc).__name__


def os_error_message(exc: OSError, path: Path | str | None = None) -> str:
    """``{path}: {reason}`` for an OSError, the path taken from the error when not given."""
    where = path if path is not None else exc.filename
    reason = os_error_reason(exc)
    return f"{where}: {reason}" if where else reason


def user_message(exc: BaseException) -> str:
    """The Dutch message for any exception that reached the top of a command."""
    if isinstance(exc, KgError):
        return str(exc)
    if isinstance(exc, OSError):
        return os_error_message(exc)
    if isinstance(exc, MemoryError):
        return f"te weinig geheugen ({exc})" if str(exc) else "te weinig geheugen"
    if isinstance(exc, RecursionError):
        return "de invoer is te diep genest om te verwerken"
    if isinstance(exc, UnicodeDecodeError):
        return f"tekst is geen UTF-8 ({exc.reason} bij byte {exc.start})"
    return (f"onverwachte fout ({type(exc).__name__}: {exc}); "
            "herhaal het commando met kg --debug voor de technische details")
