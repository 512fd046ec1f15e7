"""Text normalisation shared by every reader: one clean form of a CV line, whatever the source.

Readers hand over ``RawLine`` objects (text as the source gives it, a per-character bold
mask, heading level, indentation); ``finish`` cleans each line, strips list bullets, joins
words hyphenated across lines and numbers the result into ``Line`` objects. Cleaning keeps
the bold mask aligned with the text, so bold ranges index into the *normalised* text.

What cleaning does, in order: rewrite glyphs from ``kg/data/glyphs.tsv`` (ligatures to
letters, odd spaces to spaces, icon-font and symbol glyphs dropped), remove control and
format characters, remove unrendered LaTeX icon macros (``\\faAt :``) and ``(cid:12)``
residue, collapse whitespace (a run of two or more becomes exactly two spaces: downstream
code reads a double space as a column gap), strip both ends and compose to Unicode NFC.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, Optional, Sequence, Union

from kg.limits import check_time
from kg.memo import text_cache
from kg.model import Line

Mask = list[bool]

# Unrendered icon macros from LaTeX templates: \faAt :, \faFile *[regular]:, \faicon{github}.
_ICON_MACRO = re.compile(
    r"\\(?:fa|ai)(?:icon\s*\{[^{}]*\}|[A-Z][A-Za-z]*)(?:\s*\*)?(?:\s*\[[A-Za-z-]*\])?"
    r"(?:\s*\{\s*\})?(?:\s*:)?"
)
_CID = re.compile(r"\(cid:\d+\)")
_SPACES = re.compile(r"\s+")
_SPACE_RUN = re.compile(r"\s{2,}")
_OTHER_SPACE = re.compile(r"[^\S ]")  # a whitespace character other than the space
# Bullets that count only when a space follows them ("- item", not "-5%").
_SPACED_BULLETS = frozenset("-*+\u2013\u2014")
_FRAGMENT = re.compile(r"(?:^|(?<=[\s(\"'\u201c\u2018]))([^\W\d_]+(?:-[^\W\d_]+)*)-$")


@dataclass
class RawLine:
    """A line as a reader found it, before cleaning.

    ``bold`` is a per-character mask of ``text`` (None: nothing bold). ``item`` says whether
    the line opens a list item: None lets ``finish`` look for a bullet character and strip
    it; True or False mean the reader already knows (and already removed any marker).
    """

    text: str
    bold: Optional[Sequence[bool]] = None
    heading: int = 0
    indent: int = 0
    item: Optional[bool] = None
    mask: Mask = field(init=False, repr=False)

    def __post_init__(self) -> None:
        bold = list(self.bold) if self.bold is not None else []
        if len(bold) != len(self.text):
            bold = (bold + [False] * len(self.text))[: len(self.text)]
        self.mask = bold


# ---------------------------------------------------------------------------- glyph table


@lru_cache(maxsize=1)
def _glyph_table() -> tuple[dict[int, str], list[tuple[int, int, str]], frozenset, list]:
    """(single codepoint -> replacement, ranges, bullet codepoints, bullet ranges) from glyphs.tsv."""
    singles: dict[int, str] = {}
    ranges: list[tuple[int, int, str]] = []
    bullets: set[int] = set()
    bullet_ranges: list[tuple[int, int]] = []
    text = resources.files("kg").joinpath("data/glyphs.tsv").read_text(encoding="utf-8")
    for row in text.splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        cols = row.split("\t") + ["", ""]
        lo, _, hi = cols[0].partition("..")
        first, last = int(lo[2:], 16), int((hi or lo)[2:], 16)
        kind = cols[1]
        if kind == "bullet":
            if first == last:
                bullets.add(first)
            else:
                bullet_ranges.append((first, last))
            continue
        replacement = {"letters": cols[2], "space": cols[2] or " ", "drop": ""}[kind]
        if first == last:
            singles[first] = replacement
        else:
            ranges.append((first, last, replacement))
    return singles, ranges, frozenset(bullets), bullet_ranges


@lru_cache(maxsize=4096)
def _rewrite(char: str) -> Optional[str]:
    """What cleaning makes of one character: None keeps it, a string replaces it."""
    singles, ranges, _, _ = _glyph_table()
    code = ord(char)
    if code in singles:
        return singles[code]
    for first, last, replacement in ranges:
        if first <= code <= last:
            return replacement
    category = unicodedata.category(char)
    if category in ("Zl", "Zp", "Zs") and char != " ":
        return " "
    if category in ("Cc", "Cf", "Cs", "Co"):
        return " " if char in "\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85" else ""
    return None


class _Glyphs(dict):
    """``_rewrite`` as a ``str.translate`` table, filled as characters are met: one C call
    cleans a line whose characters were all seen before. With ``drop_changed`` the table
    deletes every character cleaning would change instead, so a line keeps its length
    exactly when cleaning leaves each of its characters alone."""

    def __init__(self, drop_changed: bool = False) -> None:
        super().__init__()
        self.drop_changed = drop_changed

    def __missing__(self, code: int):
        new = _rewrite(chr(code))
        if self.drop_changed:
            value = code if new is None else None
        else:
            value = code if new is None else new  # "" deletes the character, as None would
        if len(self) < 1 << 16:  # a hostile file of every code point must not grow it for ever
            self[code] = value
        return value


_GLYPHS = _Glyphs()
_CHANGED = _Glyphs(drop_changed=True)


@lru_cache(maxsize=1024)
def is_bullet(char: str) -> bool:
    """True for a character that opens a list item when it starts a line."""
    _, _, bullets, bullet_ranges = _glyph_table()
    code = ord(char)
    return code in bullets or any(a <= code <= b for a, b in bullet_ranges)


# ---------------------------------------------------------------------- masked rewriting


def sub(text: str, mask: Mask, pattern: re.Pattern, repl: Union[str, Callable]) -> tuple[str, Mask]:
    """``pattern.sub`` that keeps a per-character mask aligned with the text.

    Inserted characters are bold when any character they replace was bold.

    >>> sub("a  b", [True, False, False, True], re.compile(" +"), " ")
    ('a b', [True, False, True])
    """
    out: list[str] = []
    out_mask: Mask = []
    pos = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        out.append(text[pos:start])
        out_mask.extend(mask[pos:start])
        new = repl(match) if callable(repl) else match.expand(repl)
        out.append(new)
        out_mask.extend([any(mask[start:end])] * len(new))
        pos = end
    if not pos:
        return text, list(mask)
    out.append(text[pos:])
    out_mask.extend(mask[pos:])
    return "".join(out), out_mask


def _map_chars(text: str, mask: Mask) -> tuple[str, Mask]:
    """Apply the glyph table to every character."""
    if len(text.translate(_CHANGED)) == len(text):  # nothing to rewrite: most lines
        return text, mask
    out: list[str] = []
    out_mask: Mask = []
    for char, bold in zip(text, mask):
        new = _rewrite(char)
        if new is None:
            out.append(char)
            out_mask.append(bold)
        elif new:
            out.append(new)
            out_mask.extend([bold] * len(new))
    return "".join(out), out_mask


def _nfc(text: str, mask: Mask) -> tuple[str, Mask]:
    """Compose to NFC cluster by cluster, so each cluster keeps its own boldness."""
    if unicodedata.is_normalized("NFC", text):
        return text, mask
    out: list[str] = []
    out_mask: Mask = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or _starts_cluster(text[i]):
            chunk = unicodedata.normalize("NFC", text[start:i])
            out.append(chunk)
            out_mask.extend([any(mask[start:i])] * len(chunk))
            start = i
    result = "".join(out)
    if result != unicodedata.normalize("NFC", text):  # composition across clusters: rare
        result = unicodedata.normalize("NFC", text)
        out_mask = [any(mask)] * len(result)
    return result, out_mask


def _starts_cluster(char: str) -> bool:
    return unicodedata.combining(char) == 0 and not 0x1160 <= ord(char) <= 0x11FF


def _strip(text: str, mask: Mask) -> tuple[str, Mask]:
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    stripped = stripped.rstrip()
    return stripped, mask[start : start + len(stripped)]


def clean(text: str, bold: Optional[Sequence[bool]] = None) -> tuple[str, Mask]:
    """Normalise one line of text, keeping its bold mask aligned.

    >>> clean("  \\ufb01nal\\u00a0\\u00a0report\\t2019 ")[0]
    'final  report  2019'
    >>> clean("\\\\faAt : jane@example.org")[0]
    'jane@example.org'
    """
    if bold is None or not any(bold):
        plain = _clean_plain(text)
        return plain, [False] * len(plain)
    mask = list(bold)
    text, mask = _map_chars(text, mask)
    for _ in range(50):  # a removal can close up a new match: "\\fa(cid:3)At"
        before = text
        for pattern in (_ICON_MACRO, _CID):
            text, mask = sub(text, mask, pattern, "")
        if text == before:
            break
    text, mask = sub(text, mask, _SPACES, _space_run)
    text, mask = _nfc(*_strip(text, mask))
    return text, mask


@text_cache(maxsize=1 << 12)
def _clean_plain(text: str) -> str:
    """``clean`` of a line with nothing bold, on the string alone (the same steps, no mask)."""
    text = text.translate(_GLYPHS)
    for _ in range(50 if "\\" in text or "(cid:" in text else 0):  # what the two patterns need
        before = text
        for pattern in (_ICON_MACRO, _CID):
            text = pattern.sub("", text)
        if text == before:
            break
    text = _OTHER_SPACE.sub(" ", _SPACE_RUN.sub("  ", text)).strip()  # as _space_run does, in C
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _space_run(match: re.Match) -> str:
    return "  " if len(match.group()) > 1 else " "


def normalize_text(text: str) -> str:
    """The cleaned form of a one-line string (titles, metadata).

    >>> normalize_text("Curriculum\\u00a0Vit\\u00e6  ")
    'Curriculum Vitæ'
    """
    return clean(" ".join(text.splitlines()))[0]


def strip_bullet(text: str, mask: Mask) -> tuple[str, Mask, bool]:
    """Remove one list bullet opening a line; say whether there was one.

    Runs before cleaning, since cleaning drops some bullet glyphs (squares, circles)
    and the line would no longer say it opened a list item.

    >>> strip_bullet("  \\u2022 Item", [False] * 8)[:1]
    ('Item',)
    """
    body = text.lstrip()
    if not body or not is_bullet(body[0]):
        return text, mask, False
    if body[0] in _SPACED_BULLETS and (len(body) < 2 or not body[1].isspace()):
        return text, mask, False
    rest = body[1:].lstrip()
    return rest, mask[len(text) - len(rest) :], True


# ------------------------------------------------------------------- lines and hyphens


def bold_ranges(text: str, mask: Sequence[bool]) -> tuple[tuple[int, int], ...]:
    """The (start, end) runs of bold characters, trimmed of surrounding spaces.

    >>> bold_ranges("A. Smith, B. Jones", [True] * 9 + [False] * 9)
    ((0, 8),)
    """
    if not any(mask):
        return ()
    runs: list[tuple[int, int]] = []
    start = None
    for i, bold in enumerate(list(mask) + [False]):
        if bold and start is None:
            start = i
        elif not bold and start is not None:
            a, b = start, i
            while a < b and text[a].isspace():
                a += 1
            while b > a and (text[b - 1].isspace() or text[b - 1] in ",;"):
                b -= 1
            if a < b:
                runs.append((a, b))
            start = None
    return tuple(runs)


def join_hyphenated(lines: list[RawLine]) -> list[RawLine]:
    """Join words split by a hyphen at a line end ("optimi-" + "zation is" -> "optimization").

    Only when the first part is a word fragment of letters and the next line goes on in
    lower case, is not a list item nor a heading. A fragment that already holds a hyphen
    ("state-of-the-" + "art") keeps it. A next line left empty is dropped.
    """
    out: list[RawLine] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and _hyphen_joins(line, nxt):
            word, _, rest = nxt.text.partition(" ")
            keep = "-" in _FRAGMENT.search(line.text).group(1)
            head = line.text if keep else line.text[:-1]
            head_mask = line.mask if keep else line.mask[:-1]
            line.text, line.mask = head + word, head_mask + nxt.mask[: len(word)]
            rest_text, rest_mask = _strip(nxt.text[len(word) :], nxt.mask[len(word) :])
            if rest_text:
                nxt.text, nxt.mask = rest_text, rest_mask
                out.append(line)
                i += 1
                continue
            out.append(line)
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def _hyphen_joins(line: RawLine, nxt: RawLine) -> bool:
    if line.heading or nxt.heading or nxt.item or not nxt.text:
        return False
    if not nxt.text[0].islower() or not line.text.endswith("-"):
        return False
    return _FRAGMENT.search(line.text) is not None


def finish(raw_lines: Iterable[RawLine]) -> tuple[Line, ...]:
    """Clean, strip bullets, join hyphenation and number lines: the reader's last step.

    >>> [l.text for l in finish([RawLine("\\u2022 optimi-"), RawLine("zation works")])]
    ['optimization', 'works']
    """
    cleaned: list[RawLine] = []
    for n, raw in enumerate(raw_lines):
        if n % 500 == 0:
            check_time(f"line {n + 1}")
        if raw.item is None:
            raw.text, raw.mask, raw.item = strip_bullet(raw.text, raw.mask)
        raw.text, raw.mask = clean(raw.text, raw.mask)
        cleaned.append(raw)
    joined = join_hyphenated(cleaned)
    return tuple(
        Line(n, raw.text, bold_ranges(raw.text, raw.mask), raw.heading, raw.indent)
        for n, raw in enumerate(joined, start=1)
    )
