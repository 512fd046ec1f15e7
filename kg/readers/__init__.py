"""Readers: turn a CV file (text, Markdown, PDF, DOCX) into a ``Document`` of normalised lines.

``read(path)`` picks the reader by suffix, ``read_bytes(data, source, format)`` reads bytes
already in memory and ``iter_paths(paths)`` expands folders into the files a build reads.
Every failure is a ``ReadError`` naming the file and saying why, never a library traceback.

>>> from kg.readers import read_bytes
>>> read_bytes(b"Jane Doe\\nEducation\\n", "cv.txt", "txt").lines[1].text
'Education'
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Union

from kg.errors import ReadError
from kg.model import Document

__all__ = ["FORMATS", "SUPPORTED_SUFFIXES", "iter_paths", "read", "read_bytes"]

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf", ".docx": "docx",
}
FORMATS = ("txt", "md", "pdf", "docx")
_ALIASES = {"text": "txt", "markdown": "md"}


def _parser(format: str) -> Callable[[bytes, str], Document]:
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


def read_bytes(data: bytes, source: str, format: str) -> Document:
    """A Document from bytes in memory; ``format`` is txt, md, pdf or docx (or a suffix).

    >>> read_bytes(b"# Jane Doe", "cv.md", ".md").lines[0].heading
    1
    """
    key = format.lower().lstrip(".")
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise ReadError(source, f"unknown format {format!r} (use one of: {', '.join(FORMATS)})")
    return _parser(key)(bytes(data), source)


def read(path: Union[str, os.PathLike]) -> Document:
    """Read the CV at ``path``; the reader follows the suffix (.txt .text .md .markdown .pdf .docx).

    ``Document.source`` is the path as given.

    >>> read("no/such/cv.txt")
    Traceback (most recent call last):
    kg.errors.ReadError: no/such/cv.txt: no such file
    """
    source = str(path)
    suffix = Path(source).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        known = " ".join(sorted(SUPPORTED_SUFFIXES))
        raise ReadError(source, f"unsupported file type {suffix or '(no suffix)'!r} (kg reads {known})")
    try:
        data = Path(source).read_bytes()
    except FileNotFoundError:
        raise ReadError(source, "no such file") from None
    except IsADirectoryError:
        raise ReadError(source, "is a directory, not a file") from None
    except PermissionError:
        raise ReadError(source, "permission denied") from None
    except OSError as error:
        raise ReadError(source, f"cannot read file ({error.strerror or error})") from None
    return read_bytes(data, source, SUPPORTED_SUFFIXES[suffix])


def iter_paths(paths: Iterable[Union[str, os.PathLike]]) -> list[Path]:
    """The files to read: files as given, folders expanded recursively to supported files.

    Folder contents come sorted by name; hidden files and folders (``.name``) and Office
    lock files (``~$name``) are skipped; symlinked folders are followed once (no loops).
    A path given twice is listed once. A missing path is kept, so ``read`` reports it.

    >>> [path.name for path in iter_paths(["cv.txt", "cv.txt"])]
    ['cv.txt']
    """
    out: list[Path] = []
    seen: set[str] = set()
    visited: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            out.append(path)

    def walk(folder: Path) -> None:
        real = os.path.realpath(folder)
        if real in visited:
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith((".", "~$")):
                continue
            child = folder / entry.name
            if _is_dir(entry):
                walk(child)
            elif Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES:
                add(child)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            walk(path)
        else:
            add(path)
    return out


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False
