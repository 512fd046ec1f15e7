"""The bounds a build keeps to, whatever its input: sizes, pages, lines, time.

Every limit lives here, with a default meant to pass any real CV (a long academic CV is
a few hundred kilobytes, under a hundred pages, a few thousand lines) and stop anything
that is not one before it costs minutes or gigabytes. Override them per build
(``kg.build(paths, limits=Limits(max_pdf_pages=500))``, ``kg build --max-pdf-pages 500``)
or for every build with environment variables (``KG_MAX_PDF_PAGES=500``); see ``ENV``.

What a limit does when a file passes it:

- size, pages, characters, lines and DOCX unpacked size: the file is refused with a
  one-line ``LimitError`` (the build names it and goes on);
- line length: the line is cut at ``max_line_chars`` and the document keeps a warning,
  so one runaway line (a pasted blob) does not lose the CV;
- time: readers and extractors check a per-file deadline between units of work (PDF
  pages, DOCX blocks, lines, sections). A serial build runs in-process, so the check is
  cooperative: a file stops at the first check past its budget. As a backstop for a loop
  with no check in it (a bug, like the one the fuzzer found in author lists), the main
  thread also arms SIGALRM half a second past the budget; its handler raises the same
  error between two Python bytecodes. Neither can stop a single long call into C (one
  regex search), which is why the parsers are also kept linear in their input.

>>> Limits(max_pdf_pages=10).max_pdf_pages
10
>>> Limits.from_env({"KG_MAX_PDF_PAGES": "500"}).max_pdf_pages
500
"""
from __future__ import annotations

import contextvars
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Iterable, Iterator, Mapping, Optional

from kg.errors import LimitError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Per-file limits of a build (see the module docstring for what each one does)."""

    max_file_bytes: int = 32 * MB  # bytes of one input file, checked before it is read
    max_pdf_pages: int = 300  # pages of one PDF
    max_chars: int = 2_000_000  # characters of one document's text (a PDF holds ~600 bytes a character)
    max_lines: int = 100_000  # lines of one document
    max_line_chars: int = 10_000  # characters of one line; longer lines are cut
    max_docx_unzipped_bytes: int = 200 * MB  # declared unpacked size of all parts of a DOCX
    max_docx_ratio: int = 200  # unpacked / packed size of a DOCX past 10 MB unpacked (a zip bomb)
    max_pdf_stream_bytes: int = 200 * MB  # decompressed size of all streams of one PDF
    time_budget: float = 60.0  # seconds of reading and extracting one file

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "Limits":
        """The defaults, overridden by ``KG_*`` environment variables (see ``ENV``).

        A value that is not a positive number is a ``LimitError`` naming the variable.
        """
        environ = os.environ if environ is None else environ
        values = {}
        for item in fields(cls):
            raw = environ.get(ENV[item.name])
            if raw is not None and raw.strip():
                values[item.name] = _number(raw, ENV[item.name], float if item.name == "time_budget" else int)
        return cls(**values)

    def with_settings(self, settings: Iterable[str]) -> "Limits":
        """A copy with ``NAME=VALUE`` settings applied (``kg build --limit max_pdf_pages=500``).

        >>> Limits().with_settings(["max_pdf_pages=500", "time_budget=2.5"]).time_budget
        2.5
        """
        changes = {}
        for setting in settings:
            name, sep, raw = setting.partition("=")
            name = name.strip().replace("-", "_")
            if not sep or name not in ENV:
                raise LimitError(f"--limit {setting}", f"expected NAME=VALUE with NAME one of {', '.join(ENV)}")
            changes[name] = _number(raw, f"--limit {setting}", float if name == "time_budget" else int)
        return replace(self, **changes)

    def but(self, **changes) -> "Limits":
        """A copy with some limits changed; ``None`` values are ignored (unset CLI options).

        >>> Limits().but(max_pdf_pages=None, max_lines=5).max_lines
        5
        """
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def describe(self) -> list[str]:
        """One ``name = value`` line per limit, for ``kg build --show-limits`` and the README."""
        out = []
        for item in fields(self):
            value = getattr(self, item.name)
            shown = f"{value:,} ({value / MB:g} MB)" if item.name.endswith("_bytes") else f"{value:,}"
            out.append(f"{item.name:<24} {shown:<22} {ENV[item.name]}")
        return out


ENV = {item.name: f"KG_{item.name.upper()}" for item in fields(Limits)}


def _number(raw: str, where: str, kind: type) -> float:
    """A positive number from an environment variable or option, or a one-line LimitError."""
    try:
        value = kind(raw.strip().replace("_", ""))
    except ValueError:
        raise LimitError(where, f"expected a {'number' if kind is float else 'whole number'}, got {raw!r}") from None
    if value <= 0:
        raise LimitError(where, f"must be positive, got {raw!r}")
    return value

_deadline: contextvars.ContextVar[Optional[tuple[float, float, str]]] = contextvars.ContextVar(
    "kg_deadline", default=None)


@contextmanager
def time_budget(seconds: float, source: str) -> Iterator[None]:
    """Give the reading and extraction of ``source`` a deadline ``seconds`` from now.

    Budgets nest: the inner one ends when the outer one would, if that comes first.
    """
    now = time.monotonic()
    outer = _deadline.get()
    end = now + seconds
    if outer is not None and outer[0] < end:
        end, seconds, source = outer[0], outer[1], outer[2]
    token = _deadline.set((end, seconds, source))
    previous = _arm_alarm(seconds) if outer is None else None
    timer = _ThreadAlarm(seconds) if outer is None and previous is None and _in_other_thread() else None
    try:
        yield
    except _BudgetSpent:
        raise LimitError(source, f"took longer than its time budget of {seconds:g} s "
                                 f"(stopped by the alarm; raise {ENV['time_budget']})") from None
    finally:
        if timer is not None:
            timer.disarm()
        if previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _deadline.reset(token)


ALARM_GRACE = 0.5  # seconds past the budget before the alarm stops a file the checks did not


def _arm_alarm(seconds: float):
    """Arm SIGALRM as a backstop, in the main thread and only when nobody else uses it;
    return the handler to restore (None when not armed)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGALRM)
    if previous not in (signal.SIG_DFL, signal.SIG_IGN, None):
        return None
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0) + ALARM_GRACE)
    return previous


def _in_other_thread() -> bool:
    return threading.current_thread() is not threading.main_thread()


class _BudgetSpent(LimitError):
    """Raised inside a thread whose file ran past its budget (an asynchronous exception
    carries no arguments); ``time_budget`` turns it into the file's LimitError."""

    def __init__(self) -> None:
        super().__init__("", "took longer than its time budget (stopped by the alarm)")


class _ThreadAlarm:
    """The backstop outside the main thread, where there is no SIGALRM (Dask's worker
    threads): a timer that raises ``_BudgetSpent`` in this thread past the budget, through
    CPython's ``PyThreadState_SetAsyncExc``; it reaches pure Python code, as the alarm does."""

    def __init__(self, seconds: float) -> None:
        import ctypes

        self._set = ctypes.pythonapi.PyThreadState_SetAsyncExc
        self._thread = ctypes.c_ulong(threading.get_ident())
        self._lock = threading.Lock()
        self._armed = True
        self._timer = threading.Timer(max(seconds, 0) + ALARM_GRACE, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        import ctypes

        with self._lock:
            if self._armed:
                self._set(self._thread, ctypes.py_object(_BudgetSpent))

    def disarm(self) -> None:
        self._timer.cancel()
        with self._lock:
            if self._armed:
                self._armed = False
                self._set(self._thread, None)  # drop an exception raised but not yet delivered


def _on_alarm(signum, frame) -> None:
    active = _deadline.get()
    if active is not None:
        raise LimitError(active[2], f"took longer than its time budget of {active[1]:g} s "
                                    f"(stopped by the alarm; raise {ENV['time_budget']})")


def check_time(where: str = "") -> None:
    """Raise ``LimitError`` when the current file's time budget is spent (a cheap call).

    >>> with time_budget(0, "cv.pdf"):
    ...     check_time("page 3")
    Traceback (most recent call last):
    kg.errors.LimitError: cv.pdf: took longer than its time budget of 0 s (stopped at page 3; raise KG_TIME_BUDGET)
    """
    active = _deadline.get()
    if active is not None and time.monotonic() >= active[0]:
        at = f" (stopped at {where}; raise {ENV['time_budget']})" if where else f" (raise {ENV['time_budget']})"
        raise LimitError(active[2], f"took longer than its time budget of {active[1]:g} s{at}")


def too_big(what: str, value: int, limit: int, field_name: str) -> str:
    """The one-line reason for a refused file: what, how much, the limit and how to raise it.

    >>> too_big("pages", 2000, 300, "max_pdf_pages")
    'too many pages: 2,000 (limit 300; raise KG_MAX_PDF_PAGES)'
    """
    if field_name.endswith("_bytes"):
        return f"too large: {what} {value / MB:.1f} MB (limit {limit / MB:g} MB; raise {ENV[field_name]})"
    return f"too many {what}: {value:,} (limit {limit:,}; raise {ENV[field_name]})"
