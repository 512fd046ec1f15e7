"""Plain-text CVs: decode the bytes whatever the encoding, one ``Line`` per text line.

Decoding tries UTF-8 (with or without BOM), UTF-16 (BOM, or the tell-tale NUL bytes of
ASCII text in UTF-16), then cp1252 and Latin-1, so a file from an old editor still reads.
Binary data renamed ``.txt`` is refused rather than turned into noise.
"""
from __future__ import annotations

import codecs
import re

from typing import Optional

from kg.errors import LimitError, ReadError
from kg.limits import Limits, too_big
from kg.model import Document, checksum_of
from kg.readers.normalize import RawLine, finish

_NEWLINE = re.compile(r"\r\n|\r|\n")
# Unprintable characters: controls (Cc) but tab, newlines and form feeds, surrogates (Cs),
# private use (Co), and the replacement character a failed decoding leaves.
_ODD = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
                  "\U000f0000-\U000ffffd\U00100000-\U0010fffd\ufffd]")


def decode(data: bytes, source: str, limits: Optional[Limits] = None) -> str:
    """The text of ``data``, or ReadError when it is empty or binary (LimitError when it
    has more characters or lines than ``limits`` allow).

    >>> decode("café".encode("latin-1"), "cv.txt")
    'café'
    """
    if not data.strip(b" \t\r\n\f\v\x00"):
        raise ReadError(source, "empty file")
    text = _decode_any(data)
    if _looks_binary(data, text):
        raise ReadError(source, "binary data, not text")
    if not text.strip():
        raise ReadError(source, "empty file")
    limits = limits or Limits.from_env()
    if len(text) > limits.max_chars:
        raise LimitError(source, too_big("characters", len(text), limits.max_chars, "max_chars"))
    lines = text.count("\n") or text.count("\r")
    if lines > limits.max_lines:
        raise LimitError(source, too_big("lines", lines, limits.max_lines, "max_lines"))
    return text


def cut_lines(lines: list[str], source: str, limits: Limits) -> tuple[list[str], tuple[str, ...]]:
    """Lines cut at ``limits.max_line_chars`` before any parsing, and a warning per cut line
    (three at most, then a count), so a runaway line costs nothing downstream.

    >>> cut_lines(["ab", "abcdef"], "cv.txt", Limits(max_line_chars=4))
    (['ab', 'abcd'], ('cv.txt: line 2 cut to 4 characters (it had 6; raise KG_MAX_LINE_CHARS)',))
    """
    cap = limits.max_line_chars
    long_lines = [n for n, line in enumerate(lines, start=1) if len(line) > cap]
    if not long_lines:
        return lines, ()
    notes = [f"{source}: line {n} cut to {cap:,} characters (it had {len(lines[n - 1]):,}; raise KG_MAX_LINE_CHARS)"
             for n in long_lines[:3]]
    if len(long_lines) > 3:
        notes.append(f"{source}: {len(long_lines) - 3} more lines cut to {cap:,} characters")
    return [line[:cap] for line in lines], tuple(notes)


def _decode_any(data: bytes) -> str:
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
            (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, codec in boms:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _utf16_without_bom(data: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' when NULs sit on one parity of bytes, as ASCII in UTF-16 does."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return ""
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return ""


def _looks_binary(data: bytes, text: str) -> bool:
    """Many NUL bytes (outside UTF-16) or mostly unprintable characters."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not _utf16_without_bom(data):
        if data.count(0) > max(2, len(data) // 100):
            return True
    sample = text[:20000]
    odd = len(_ODD.findall(sample))
    return odd > max(16, len(sample) // 20)


def split_lines(text: str) -> list[str]:
    """Lines of ``text`` on any newline convention (a final newline adds no empty line)."""
    lines = _NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def indent_of(line: str) -> int:
    """Indentation level of a text line: leading spaces // 2, a tab counting four spaces."""
    expanded = line.expandtabs(4)
    return (len(expanded) - len(expanded.lstrip(" "))) // 2


def parse_text(data: bytes, source: str = "<text>", limits: Optional[Limits] = None) -> Document:
    """A Document from the bytes of a plain-text CV.

    >>> doc = parse_text(b"Jane Doe\\n\\n  - Engineer, Acme  2019\\n")
    >>> [(l.text, l.indent) for l in doc.lines]
    [('Jane Doe', 0), ('', 0), ('Engineer, Acme  2019', 1)]
    """
    limits = limits or Limits.from_env()
    text = decode(data, source, limits)
    if looks_like_markdown(text):
        from kg.readers.markdown import parse_markdown

        return parse_markdown(data, source, limits)
    lines, notes = cut_lines(split_lines(text), source, limits)
    return Document(source, checksum_of(data), "txt", finish(_underlined(lines)), warnings=notes)


_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,}|~{3,}|\*{3,}|_{3,})\s*$")


def _underlined(lines: list[str]) -> list[RawLine]:
    """RawLines of plain text; a line underlined with ``===``/``---`` (as wide, give or take)
    is a heading, and the underline goes.

    >>> [(r.text, r.heading) for r in _underlined(["Invited Talks", "-------------", "Seminar, MIT"])]
    [('Invited Talks', 2), ('Seminar, MIT', 0)]
    """
    out: list[RawLine] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        title = line.strip()
        if title and _UNDERLINE.match(nxt) and not _UNDERLINE.match(line) \
                and abs(len(nxt.strip()) - len(title)) <= max(3, len(title) // 3):
            out.append(RawLine(line, heading=1 if nxt.strip()[0] == "=" else 2, indent=indent_of(line)))
            skip = True
        else:
            out.append(RawLine(line, indent=indent_of(line)))
    return out


_MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)
_MD_STRONG = re.compile(r"(\*\*|__)\S[^\n]*?\S?\1")
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")


def looks_like_markdown(text: str) -> bool:
    r"""True for text files that are Markdown in all but name (converter exports often are).

    >>> looks_like_markdown("# Jane Doe\n\n## Education\n**MIT**, PhD"), looks_like_markdown("Jane Doe\nEducation")
    (True, False)
    """
    sample = text[:200_000]
    headings = len(_MD_HEADING.findall(sample))
    strong = len(_MD_STRONG.findall(sample))
    links = len(_MD_LINK.findall(sample))
    return headings >= 2 or (headings >= 1 and strong >= 2) or strong >= 4 or links >= 3
