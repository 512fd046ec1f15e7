"""Readers: turn a CV file (text, Markdown, PDF, DOCX) into a ``Document`` of normalised lines.

``read(path)`` picks the reader by suffix, ``read_bytes(data, source, format)`` reads bytes
already in memory and ``iter_paths(paths)`` expands folders into the files a build reads.
Every failure is a ``ReadError`` naming the file and saying why, never a library traceback.
Both keep to ``kg.limits.Limits`` (the ``KG_*`` environment defaults unless given): a file
over a size, page, character or line limit is a ``LimitError``; a runaway line is cut and
the document says so in ``Document.warnings``.

>>> from kg.readers import read_bytes
>>> read_bytes(b"Jane Doe\\nEducation\\n", "cv.txt", "txt").lines[1].text
'Education'
"""
from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from kg.errors import LimitError, ReadError
from kg.limits import Limits, check_time, too_big
from kg.model import Document

__all__ = ["FORMATS", "SUPPORTED_SUFFIXES", "iter_paths", "read", "read_bytes", "read_file_bytes", "source_name"]

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf", ".docx": "docx",
}
FORMATS = ("txt", "md", "pdf", "docx")
_ALIASES = {"text": "txt", "markdown": "md"}


def _parser(format: str) -> Callable[..., Document]:
    """The parse function of a format (imported lazily: PDF and DOCX libraries are slow to load)."""
    if format == "txt":
        from kg.readers.text import parse_text as parse
    elif format == "md":
        from kg.readers.markdown import parse_markdown as parse
    elif format == "pdf":
        from kg.readers.pdf import parse_pdf as parse
    else:
        from kg.readers.docx import parse_docx as parse
    return parse


def read_bytes(data: bytes, source: str, format: str, limits: Optional[Limits] = None) -> Document:
    """A Document from bytes in memory; ``format`` is txt, md, pdf or docx (or a suffix).

    >>> read_bytes(b"# Jane Doe", "cv.md", ".md").lines[0].heading
    1
    """
    limits = limits or Limits.from_env()
    key = format.lower().lstrip(".")
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise ReadError(source, f"unknown format {format!r} (use one of: {', '.join(FORMATS)})")
    if len(data) > limits.max_file_bytes:
        raise LimitError(source, too_big("file", len(data), limits.max_file_bytes, "max_file_bytes"))
    return within_limits(_parser(key)(bytes(data), source, limits=limits), limits)


def within_limits(doc: Document, limits: Limits) -> Document:
    """``doc`` checked against the character and line limits, its runaway lines cut.

    >>> from kg.model import Line
    >>> doc = Document("cv.txt", "0" * 64, "txt", (Line(1, "x" * 12),))
    >>> cut = within_limits(doc, Limits(max_line_chars=5))
    >>> cut.lines[0].text, cut.warnings
    ('xxxxx', ('cv.txt: line 1 cut to 5 characters (it had 12; raise KG_MAX_LINE_CHARS)',))
    """
    check_time("the end of reading")
    if len(doc.lines) > limits.max_lines:
        raise LimitError(doc.source, too_big("lines", len(doc.lines), limits.max_lines, "max_lines"))
    chars = sum(len(line.text) for line in doc.lines)
    if chars > limits.max_chars:
        raise LimitError(doc.source, too_big("characters", chars, limits.max_chars, "max_chars"))
    long_lines = [line for line in doc.lines if len(line.text) > limits.max_line_chars]
    if not long_lines:
        return doc
    cap = limits.max_line_chars
    lines = tuple(replace(line, text=line.text[:cap], bold=tuple((a, min(b, cap)) for a, b in line.bold if a < cap))
                  if len(line.text) > cap else line for line in doc.lines)
    notes = tuple(f"{doc.source}: line {line.number} cut to {cap:,} characters (it had {len(line.text):,}; "
                  f"raise KG_MAX_LINE_CHARS)" for line in long_lines[:3])
    if len(long_lines) > 3:
        notes += (f"{doc.source}: {len(long_lines) - 3} more lines cut to {cap:,} characters",)
    return replace(doc, lines=lines, warnings=doc.warnings + notes)


def source_name(path: Union[str, os.PathLike]) -> str:
    r"""A path as one line of valid text, the way ``ls -b`` shows it: control characters and
    bytes that are not UTF-8 become backslash escapes. Documents, failures and the graph name
    their file this way, so a hostile file name can neither break a line nor the output.

    >>> source_name("cvs/line\nbreak.txt"), source_name(os.fsdecode(b"cvs/caf\xe9.txt"))
    ('cvs/line\\nbreak.txt', 'cvs/caf\\xe9.txt')
    """
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 32 or code == 127 or 0xD800 <= code <= 0xDFFF or char in "\u2028\u2029\x85":
            out.append(char.encode("unicode_escape").decode("ascii") if code < 0xD800 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def read(path: Union[str, os.PathLike], limits: Optional[Limits] = None) -> Document:
    """Read the CV at ``path``; the reader follows the suffix (.txt .text .md .markdown .pdf .docx).

    ``Document.source`` is the path as given (through ``source_name``).

    >>> read("no/such/cv.txt")
    Traceback (most recent call last):
    kg.errors.ReadError: no/such/cv.txt: no such file
    """
    source = source_name(path)
    suffix = Path(os.fspath(path)).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        known = " ".join(sorted(SUPPORTED_SUFFIXES))
        raise ReadError(source, f"unsupported file type {suffix or '(no suffix)'!r} (kg reads {known})")
    limits = limits or Limits.from_env()
    return read_bytes(read_file_bytes(path, limits), source, SUPPORTED_SUFFIXES[suffix], limits)


def read_file_bytes(path: Union[str, os.PathLike], limits: Optional[Limits] = None) -> bytes:
    """The bytes of the regular file at ``path`` within the size limit; one-line ``ReadError``
    (no such file, a folder, a pipe, permission, too large) otherwise."""
    source = source_name(path)
    try:
        return _read_regular_file(os.fspath(path), source, limits or Limits.from_env())
    except FileNotFoundError:
        raise ReadError(source, "no such file") from None
    except IsADirectoryError:
        raise ReadError(source, "is a directory, not a file") from None
    except PermissionError:
        raise ReadError(source, "permission denied") from None
    except OSError as error:
        raise ReadError(source, f"cannot read file ({error.strerror or error})") from None


def _read_regular_file(path: str, source: str, limits: Limits) -> bytes:
    """The bytes of a regular file within the size limit, checked before reading: a named pipe
    or a device would block or never end, a huge file would fill the memory."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO would block a plain open
    with open(fd, "rb") as handle:  # buffered: read(n) returns n bytes unless at the end
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(source, "not a regular file (a pipe, socket or device)")
        if info.st_size > limits.max_file_bytes:
            raise LimitError(source, too_big("file", info.st_size, limits.max_file_bytes, "max_file_bytes"))
        data = handle.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:  # it grew while we read it
        raise LimitError(source, too_big("file", len(data), limits.max_file_bytes, "max_file_bytes"))
    return data


def iter_paths(paths: Iterable[Union[str, os.PathLike]]) -> list[Path]:
    """The files to read: files as given, folders expanded recursively to supported files.

    Folder contents come sorted by name; hidden files and folders (``.name``) and Office
    lock files (``~$name``) are skipped; symlinked folders are followed once (no loops).
    A path given twice is listed once. A missing path is kept, so ``read`` reports it.

    >>> [path.name for path in iter_paths(["cv.txt", "cv.txt"])]
    ['cv.txt']
    """
    out: list[Path] = []
    seen: set[tuple] = set()
    visited: set[tuple[int, int]] = set()

    def add(path: Path) -> None:
        key = _identity(path) or ("missing", os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            out.append(path)

    def entries(folder: Path) -> Iterator[os.DirEntry]:
        key = _identity(folder)  # (device, inode): realpath would cost a lookup per level, n² deep down
        if key is None or key in visited:
            return iter(())
        visited.add(key)
        try:
            return iter(sorted(os.scandir(folder), key=lambda entry: entry.name))
        except OSError:
            return iter(())

    def walk(top: Path) -> None:
        """Depth first in name order, with a stack of open folders (no recursion: a folder
        nested 2,000 deep must not raise RecursionError)."""
        stack = [(top, entries(top))]
        while stack:
            folder, pending = stack[-1]
            entry = next(pending, None)
            if entry is None:
                stack.pop()
            elif entry.name.startswith((".", "~$")):
                continue
            elif _is_dir(entry):
                stack.append((folder / entry.name, entries(folder / entry.name)))
            elif Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES:
                add(folder / entry.name)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            walk(path)
        else:
            add(path)
    return out


def _identity(path: Path) -> Optional[tuple[int, int]]:
    """(device, inode) of what ``path`` leads to, or None when it leads nowhere."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False
