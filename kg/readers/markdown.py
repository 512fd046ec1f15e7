"""Markdown CVs: the text a reader of the rendered page sees, with bold and heading levels kept.

Two passes, line by line. The block pass finds front matter, headings (ATX and setext),
list nesting, pandoc definition lists, tables, fences and pure-markup lines (thematic
breaks, table separators, link definitions), which it drops. The inline pass turns
``**bold**`` into a bold mask and strips the rest of the markup: emphasis, links, images,
code spans, HTML, entities, escapes, kramdown attributes and Jekyll/Hugo template residue.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Optional

from kg.limits import Limits
from kg.model import Document, checksum_of
from kg.readers.normalize import Mask, RawLine, clean, finish, sub
from kg.readers.reflow import fill_breaks
from kg.readers.text import cut_lines, decode, split_lines

_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u2018\u2019\u201c\u201d\u2013\u2014\u2026")
_STASH_BASE = 0xE000  # private-use placeholders for literal pieces (code, escapes, autolinks)

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|={3,}[ \t]*)$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)]|[:~])([ \t]+|$)(.*)$")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")

_CODE = re.compile(r"(`+)(.+?)\1")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_IMAGE = re.compile(r"!\[[^\[\]]*\](?:\([^()]*\)|\[[^\[\]]*\])")
_LINK = re.compile(r"\[([^\[\]]*)\]\((?:<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_LINK = re.compile(r"\[([^\[\]]+)\](?:\[[^\[\]]*\]|\{[^{}]*\})")
_HTML_BOLD = re.compile(r"<(b|strong)\b[^<>]*>((?:(?!</?(?:b|strong)\b).)*)</\1\s*>", re.I | re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--(?:(?!<!--|-->).)*-->", re.I | re.S)
_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}|\{%[^{}]*%\}|\{:[^{}]*\}|\[\^[^\[\]]*\]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_COMMENT = re.compile(r"<!--(?:(?!<!--|-->).)*-->", re.S)
_WHOLE_LINE_COMMENT = re.compile(r"^[ \t]*<!--(?:(?!<!--|-->).)*-->[ \t]*(?:\r\n|\r|\n)", re.S | re.M)
_BREAK = re.compile(r"<br\s*/?>", re.I)  # an HTML line break starts a new line (outside tables)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # taken by the stash's placeholders


# ------------------------------------------------------------------------------ inline


def unwrap(text: str, mask: Mask, pattern: re.Pattern, group: int, bold: bool = False) -> tuple[str, Mask]:
    """Replace each match by one of its groups, keeping that group's mask (made bold if asked)."""
    out: list[str] = []
    out_mask: Mask = []
    pos = 0
    for match in pattern.finditer(text):
        start, end = match.span(group)
        out.append(text[pos : match.start()] + match.group(group))
        out_mask.extend(mask[pos : match.start()])
        out_mask.extend([b or bold for b in mask[start:end]])
        pos = match.end()
    out.append(text[pos:])
    out_mask.extend(mask[pos:])
    return "".join(out), out_mask


class _Stash:
    """Literal pieces (code spans, escapes, autolinks) hidden from markup rewriting."""

    def __init__(self) -> None:
        self.pieces: list[str] = []

    def hide(self, piece: str) -> str:
        if len(self.pieces) >= 0x1800:
            return piece
        self.pieces.append(piece)
        return chr(_STASH_BASE + len(self.pieces) - 1)

    def restore(self, text: str, mask: Mask) -> tuple[str, Mask]:
        if not self.pieces:
            return text, mask
        placeholder = re.compile(f"[{chr(_STASH_BASE)}-{chr(_STASH_BASE + len(self.pieces) - 1)}]")
        return sub(text, mask, placeholder, lambda m: self.pieces[ord(m.group()) - _STASH_BASE])


def inline(text: str) -> tuple[str, Mask]:
    """Strip inline Markdown from one line; the mask marks text that was bold.

    >>> text, mask = inline("**Doe, J.**, [Smith, A.](https://a.example) and Wu*")
    >>> text, mask.index(False)
    ('Doe, J., Smith, A. and Wu*', 7)
    """
    # Each step runs only when its markup's one necessary character is in the text
    # (most lines have no code, links, HTML or entities): the same result, fewer passes.
    text = _PRIVATE_USE.sub("", text)
    stash = _Stash()
    if "`" in text:
        text = _CODE.sub(lambda m: stash.hide(m.group(2).strip() or m.group(2)), text)
    if "<" in text:
        text = _AUTOLINK.sub(lambda m: stash.hide(m.group(1)), text)
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: stash.hide(m.group(1)), text)
    if "[" in text or "{" in text:
        text = _TEMPLATE.sub("", _IMAGE.sub("", text))
    mask = [False] * len(text)
    if "[" in text:
        text, mask = unwrap(text, mask, _LINK, 1)
        text, mask = unwrap(text, mask, _REF_LINK, 1)
    if "<" in text:
        text, mask = unwrap(text, mask, _HTML_BOLD, 2, bold=True)
        text, mask = sub(text, mask, _BREAK, " ")
        text, mask = sub(text, mask, _HTML_TAG, "")
    text, mask = emphasis(text, mask)
    if "&" in text:
        text, mask = sub(text, mask, _ENTITY, lambda m: html.unescape(m.group()))
    return stash.restore(text, mask)


def _delimiter_runs(text: str) -> list[list]:
    """Runs of ``*``, ``_`` or ``~~`` as [start, end, char, can open, can close] (CommonMark flanking).

    ``_`` may not open or close inside a word; a ``*`` right after a name and before a
    comma (``Wu*,``) can close but not open, so an unpaired equal-contribution mark stays.
    """
    runs: list[list] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char not in "*_~":
            i += 1
            continue
        j = i
        while j < n and text[j] == char:
            j += 1
        before, after = text[i - 1] if i else " ", text[j] if j < n else " "
        left = not after.isspace() and (after not in _PUNCT or before.isspace() or before in _PUNCT)
        right = not before.isspace() and (before not in _PUNCT or after.isspace() or after in _PUNCT)
        if char == "_":
            left, right = left and (not right or before in _PUNCT), right and (not left or after in _PUNCT)
        elif char == "~" and j - i != 2:
            left = right = False
        runs.append([i, j, char, left, right])
        i = j
    return runs


def emphasis(text: str, mask: Mask) -> tuple[str, Mask]:
    """Remove paired emphasis delimiters; text inside ``**``/``__`` pairs becomes bold.

    Linear-time pairing with an opener stack, as CommonMark does, so stray stars in long
    lines cost nothing.

    >>> emphasis("**Doe**, *Roe*, Wu*", [False] * 19)[0]
    'Doe, Roe, Wu*'
    """
    if "*" not in text and "_" not in text and "~" not in text:
        return text, mask
    drop = [False] * len(text)
    depth = [0] * (len(text) + 1)
    stack: list[list] = []
    bottom = {"*": 0, "_": 0, "~": 0}
    for run in _delimiter_runs(text):
        char = run[2]
        while run[4] and run[1] > run[0]:
            k = len(stack) - 1
            while k >= bottom[char] and stack[k][2] != char:
                k -= 1
            if k < bottom[char]:
                bottom[char] = len(stack)
                break
            opener = stack[k]
            use = 2 if opener[1] - opener[0] >= 2 and run[1] - run[0] >= 2 else 1
            drop[opener[1] - use : opener[1]] = [True] * use
            drop[run[0] : run[0] + use] = [True] * use
            if use == 2 and char != "~":
                depth[opener[1]] += 1
                depth[run[0]] -= 1
            opener[1] -= use
            run[0] += use
            del stack[k + 1 :]
            if opener[1] == opener[0]:
                stack.pop()
            bottom = {c: min(b, len(stack)) for c, b in bottom.items()}
        if run[3] and run[1] > run[0]:
            stack.append(run)
    out, out_mask, level = [], [], 0
    for i, char in enumerate(text):
        level += depth[i]
        if not drop[i]:
            out.append(char)
            out_mask.append(mask[i] or level > 0)
    return "".join(out), out_mask


# ------------------------------------------------------------------------------- blocks


def front_matter(lines: list[str]) -> tuple[Optional[str], list[str]]:
    """(title, remaining lines): a leading YAML ``---`` or TOML ``+++`` block is skipped."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return None, lines
    fence = lines[0].strip()
    closers = ("---", "...") if fence == "---" else ("+++",)
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in closers:
            return _title(lines[1:end]), lines[end + 1 :]
    return None, lines


def _title(block: list[str]) -> Optional[str]:
    for line in block:
        match = re.match(r"^title\s*[:=]\s*(.+)$", line.strip())
        if match:
            title = clean(inline(match.group(1).strip().strip("\"'"))[0])[0]
            return title or None
    return None


@dataclass
class _Lists:
    """Open list items as (marker column, content column) pairs, outermost first."""

    stack: list[tuple[int, int]] = field(default_factory=list)

    def open(self, column: int, content: int) -> int:
        while self.stack and column < self.stack[-1][1]:
            self.stack.pop()
        self.stack.append((column, content))
        return len(self.stack)

    def continuation(self, column: int, after_blank: bool) -> int:
        """Depth of a plain line: inside the list when indented under it (or lazily continuing)."""
        while after_blank and self.stack and column < self.stack[-1][1]:
            self.stack.pop()
        return len(self.stack)


def _width(prefix: str) -> int:
    return len(prefix.expandtabs(4))


def _table_cells(line: str) -> str:
    cells = [c.strip() for c in _CELL_SPLIT.split(line.strip())]
    return "  ".join(c for c in cells if c)


def block_lines(lines: list[str]) -> list[RawLine]:
    """RawLines of a Markdown body (front matter already removed).

    Lines of one paragraph or list item are inlined together, since a link or a bold run
    may wrap onto the next line; lines that were pure markup are dropped.
    """
    out: list[RawLine] = []
    pending: list[RawLine] = []
    lists = _Lists()
    fence = ""
    in_table = after_blank = False
    fills = fill_breaks(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            else:
                out.extend(_flush(pending) + [RawLine(line.strip(), item=False, indent=len(lists.stack))])
            continue
        while _QUOTE.match(line):
            line = _QUOTE.sub("", line, count=1)
        if not line.strip():
            in_table, after_blank = False, True
            out.extend(_flush(pending) + [RawLine("")])
            continue
        raw, skip, fence, in_table, starts = _block(line, lines[i] if i < len(lines) else "", lists, after_blank, in_table)
        after_blank = False
        i += skip
        if starts or raw is None:
            out.extend(_flush(pending))
        if raw is not None and pending and not starts and not raw.heading and i - 2 in fills:
            pending[-1].text += " " + raw.text  # the filler broke this line, not the author
        elif raw is not None:
            pending.append(raw)
        if skip or raw is None or raw.heading or in_table:
            out.extend(_flush(pending))
    return out + _flush(pending)


def _flush(pending: list[RawLine]) -> list[RawLine]:
    """Inline the lines of one block together and empty ``pending``; drop pure-markup lines."""
    if not pending:
        return []
    texts = [raw.text for raw in pending]
    text, mask = inline("\n".join(texts))
    pieces = text.split("\n")
    if len(pieces) != len(texts):  # markup swallowed a line break: inline line by line
        results = [inline(t) for t in texts]
    else:
        results, pos = [], 0
        for piece in pieces:
            results.append((piece, mask[pos : pos + len(piece)]))
            pos += len(piece) + 1
    kept = []
    for raw, (piece, piece_mask) in zip(pending, results):
        if clean(piece)[0]:
            kept.append(RawLine(piece, piece_mask, raw.heading, raw.indent, raw.item))
    pending.clear()
    return kept


def _block(line: str, nxt: str, lists: _Lists, after_blank: bool, in_table: bool):
    """Classify one non-blank line.

    Returns (RawLine with its Markdown still inline, or None to drop; lines to skip;
    open fence; in a table; whether the line starts a new block).
    """
    fence_match = _FENCE.match(line)
    if fence_match:
        return None, 0, fence_match.group(1), False, True
    atx = _ATX.match(line)
    if atx:
        lists.stack.clear()
        return RawLine(atx.group(2) or "", heading=len(atx.group(1)), item=False), 0, "", False, True
    if _LINK_DEF.match(line) or (_TABLE_SEP.match(line) and "|" in line):
        return None, 0, "", in_table or "|" in line, True
    if "|" in line and (in_table or _TABLE_SEP.match(nxt) and "|" in nxt or _is_piped_row(line)):
        return RawLine(_table_cells(line), item=False, indent=len(lists.stack)), 0, "", True, True
    item = _LIST_ITEM.match(line)
    if item and not _THEMATIC.match(line):
        return _list_item(item, lists), 0, "", False, True
    if _THEMATIC.match(line):
        return None, 0, "", False, True
    depth = lists.continuation(_width(line[: len(line) - len(line.lstrip())]), after_blank)
    text = _hard_break(line.strip())
    setext = _SETEXT.match(nxt)
    if setext and not depth:
        return RawLine(text, heading=1 if setext.group(1)[0] == "=" else 2, item=False), 1, "", False, False
    return RawLine(text, indent=depth, item=False), 0, "", False, False


def _is_piped_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and len(_CELL_SPLIT.findall(stripped)) >= 2


def _list_item(item: re.Match, lists: _Lists) -> RawLine:
    indent, marker, gap, content = item.groups()
    column = _width(indent)
    depth = lists.open(column, column + len(marker) + max(1, min(_width(gap), 4)))
    if marker[0].isdigit():
        content = f"{marker} {content}"
    return RawLine(_hard_break(content.strip()), indent=depth, item=True)


def _hard_break(text: str) -> str:
    """Drop a trailing backslash (a Markdown hard line break)."""
    return text[:-1].rstrip() if text.endswith("\\") and not text.endswith("\\\\") else text


def parse_markdown(data: bytes, source: str = "<markdown>", limits: Optional[Limits] = None) -> Document:
    """A Document from the bytes of a Markdown CV; front matter ``title:`` becomes its title.

    >>> doc = parse_markdown(b"Jane Doe\\n========\\n\\n- **Doe, J.** and Roe, R.\\n")
    >>> [(l.text, l.heading, l.indent, l.bold) for l in doc.lines]
    [('Jane Doe', 1, 0, ()), ('', 0, 0, ()), ('Doe, J. and Roe, R.', 0, 1, ((0, 7),))]
    """
    limits = limits or Limits.from_env()
    text = decode(data, source, limits)
    text = _WHOLE_LINE_COMMENT.sub("", text)
    text = _COMMENT.sub("", text)
    lines, notes = cut_lines(split_lines(text), source, limits)
    title, body = front_matter(lines)
    body = [part for line in body for part in (_BREAK.split(line) if "|" not in line else [line])]
    return Document(source, checksum_of(data), "md", finish(block_lines(body)), title, notes)
