"""DOCX CVs: paragraphs and tables in body order, with bold runs, heading styles and list levels.

python-docx gives the paragraphs; we walk the body XML ourselves so tables, content
controls and text boxes (sidebars of many résumé templates) come out where they stand.
Headers and footers are skipped. A table row whose cells hold one line each becomes one
line, cells joined by two spaces (a column gap downstream).
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import Iterator, Optional

from kg.errors import LimitError, ReadError
from kg.limits import MB, Limits, check_time, too_big
from kg.model import Document, checksum_of
from kg.readers.normalize import RawLine, finish, normalize_text

MAX_DOCUMENT_XML = 50 * 1024 * 1024  # uncompressed word/document.xml; more is a zip bomb or not a CV
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP_ANCESTORS = {
    f"{_W}del", f"{_W}txbxContent", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    f"{_W}p", f"{_W}tbl",
}
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|titolo|kop)\s*(\d)$", re.I)

Cell = list[RawLine]


def _check_zip(data: bytes, source: str, limits: Limits) -> None:
    """Refuse what is not a DOCX, or unpacks to too much, before python-docx sees it.

    The sizes checked are the ones the zip declares; ``zipfile`` never unpacks more than
    that (a member that lies fails its CRC check), so they bound memory.
    """
    if not data:
        raise ReadError(source, "empty file")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(source, "not a DOCX (a legacy .doc or a password-protected document)")
    if not data.startswith(b"PK"):
        raise ReadError(source, "not a DOCX (not a zip file)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReadError(source, "not a DOCX (damaged zip file)") from None
    if "word/document.xml" not in infos:
        raise ReadError(source, "not a DOCX (zip without word/document.xml)")
    if infos["word/document.xml"].file_size > MAX_DOCUMENT_XML:
        raise LimitError(source, f"too large: word/document.xml unpacks to "
                                 f"{infos['word/document.xml'].file_size / MB:.1f} MB (limit {MAX_DOCUMENT_XML // MB} MB)")
    unpacked = sum(info.file_size for info in infos.values())
    if unpacked > limits.max_docx_unzipped_bytes:
        raise LimitError(source, too_big("unpacked DOCX", unpacked, limits.max_docx_unzipped_bytes,
                                         "max_docx_unzipped_bytes"))
    if unpacked > 10 * MB and unpacked > limits.max_docx_ratio * len(data):
        raise LimitError(source, f"too large: unpacks to {unpacked // len(data):,} times its size, a zip bomb "
                                 f"(limit {limits.max_docx_ratio}; raise KG_MAX_DOCX_RATIO)")


def _style_value(style, attribute: str) -> Optional[bool]:
    """A font attribute (bold) from a style or the styles it is based on."""
    seen = 0
    while style is not None and seen < 20:
        value = getattr(style.font, attribute, None)
        if value is not None:
            return value
        style, seen = style.base_style, seen + 1
    return None


class _Styles:
    """A document's styles and what kg reads from them, looked up once per style id.

    python-docx resolves a paragraph's or run's style anew on every access, and finds the
    default style (what most paragraphs and runs have) by scanning every style of the
    document: per run, that made reading a DOCX quadratic in its paragraphs and styles.
    """

    def __init__(self, part) -> None:
        self._part = part
        self._memo: dict[tuple, object] = {}

    def _kept(self, key: tuple, compute):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def style(self, style_id: Optional[str], kind):
        """The style ``style_id`` names (python-docx's ``get_style``: the default when None)."""
        return self._kept(("style", style_id, kind), lambda: self._part.get_style(style_id, kind))

    def bold(self, style_id: Optional[str], kind) -> Optional[bool]:
        """Bold from the style or its base styles (None: the styles do not say)."""
        return self._kept(("bold", style_id, kind), lambda: _style_value(self.style(style_id, kind), "bold"))

    def heading_level(self, style_id: Optional[str]) -> int:
        """The heading level a paragraph style gives (Heading N, Title, or a style based on them), 0 if none."""
        from docx.enum.style import WD_STYLE_TYPE

        return self._kept(("heading", style_id), lambda: _style_heading(self.style(style_id, WD_STYLE_TYPE.PARAGRAPH)))

    def list_level(self, style_id: Optional[str]) -> int:
        """The list level a paragraph style gives (a List style, or one with numbering), 0 if none."""
        from docx.enum.style import WD_STYLE_TYPE

        return self._kept(("list", style_id), lambda: _style_list(self.style(style_id, WD_STYLE_TYPE.PARAGRAPH)))


def _style_heading(style) -> int:
    seen = 0
    while style is not None and seen < 20:
        name = (style.name or "").strip()
        if name.lower() == "title":
            return 1
        match = _HEADING_STYLE.match(name)
        if match:
            return max(1, int(match.group(1)))
        style, seen = style.base_style, seen + 1
    return 0


def _style_list(style) -> int:
    name = (style.name or "") if style is not None else ""
    if name.lower().startswith("list"):
        number = re.search(r"(\d)$", name)
        return int(number.group(1)) if number else 1
    if style is not None and _children(style.element, "pPr", "numPr"):
        return 1
    return 0


def _heading_level(p, styles: _Styles) -> int:
    """Heading level from the style (Heading N, Title, or a style based on them) or outline level."""
    level = styles.heading_level(p.style)
    if level:
        return level
    outline = _values(_children(p, "pPr", "outlineLvl"))
    if outline and outline[0].isdigit() and int(outline[0]) < 9:
        return int(outline[0]) + 1
    return 0


def _list_level(p, styles: _Styles) -> int:
    """1 + the numbering level of a list paragraph (by numbering or a List style), else 0."""
    levels = _values(_children(p, "pPr", "numPr", "ilvl"))
    if _children(p, "pPr", "numPr", "numId"):
        return int(levels[0]) + 1 if levels and levels[0].isdigit() else 1
    return styles.list_level(p.style)


def _children(element, *path: str) -> list:
    """The elements at ``path`` (WordprocessingML local names) below ``element``, in document
    order: the XPath ``./w:a/w:b`` without compiling an XPath per call (python-docx's
    ``xpath`` did, per paragraph: a sixth of reading a DOCX)."""
    found = [element]
    for name in path:
        found = [child for node in found for child in node.iterchildren(f"{_W}{name}")]
    return found


def _values(elements: list) -> list[str]:
    """The ``w:val`` attributes of ``elements`` that have one (XPath ``…/@w:val``)."""
    return [value for value in (e.get(f"{_W}val") for e in elements) if value is not None]


def _runs(p) -> Iterator:
    """The w:r elements of a paragraph in order: inside hyperlinks and insertions, not deletions
    nor text boxes (those are read as paragraphs of their own)."""
    for r in p.iter(f"{_W}r"):
        node = r.getparent()
        while node is not None and node is not p and node.tag not in _SKIP_ANCESTORS:
            node = node.getparent()
        if node is p:
            yield r


def _paragraph(p, parent, styles: _Styles) -> list[RawLine]:
    """The lines of one paragraph: a line break inside it starts a new line."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    paragraph = Paragraph(p, parent)
    style_bold = bool(styles.bold(p.style, WD_STYLE_TYPE.PARAGRAPH))  # False without a style, as before
    text: list[str] = []
    mask: list[bool] = []
    for r in _runs(p):
        run = Run(r, paragraph)
        piece = run.text
        bold = run.bold
        if bold is None:
            bold = styles.bold(r.style, WD_STYLE_TYPE.CHARACTER)
        text.append(piece)
        mask.extend([style_bold if bold is None else bool(bold)] * len(piece))
    heading, level = _heading_level(p, styles), _list_level(p, styles)
    lines, pos = [], 0
    for i, part in enumerate("".join(text).split("\n")):
        item = bool(level) and i == 0
        lines.append(RawLine(part, mask[pos : pos + len(part)], heading, level, item if level else None))
        pos += len(part) + 1
    return lines


def _text_boxes(p, parent, styles: _Styles) -> list[RawLine]:
    """Paragraphs of text boxes anchored in paragraph ``p`` (the modern copy, not the VML fallback)."""
    lines: list[RawLine] = []
    for box in p.iter(f"{_W}txbxContent"):
        node = box.getparent()
        while node is not None and node is not p and not node.tag.endswith("}Fallback"):
            node = node.getparent()
        if node is p:
            lines.append(RawLine(""))
            lines.extend(_blocks(box, parent, styles))
    return lines


def _blocks(container, parent, styles: _Styles) -> list[RawLine]:
    """Lines of the block-level children of a body, cell, content control or text box."""
    lines: list[RawLine] = []
    for child in container.iterchildren():
        check_time("a DOCX paragraph")
        if child.tag == f"{_W}p":
            lines.extend(_paragraph(child, parent, styles))
            lines.extend(_text_boxes(child, parent, styles))
        elif child.tag == f"{_W}tbl":
            lines.extend(_table(child, parent, styles))
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(f"{_W}sdtContent"):
                lines.extend(_blocks(content, parent, styles))
    return lines


def _table(tbl, parent, styles: _Styles) -> list[RawLine]:
    """Rows of a table: one line per row of one-line cells, else cell lines in order."""
    lines: list[RawLine] = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells: list[Cell] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            cell = [line for line in _blocks(tc, parent, styles) if line.text.strip()]
            if cell:
                cells.append(cell)
        lines.extend(_row_lines(cells))
    return lines


def _row_lines(cells: list[Cell]) -> list[RawLine]:
    """Join the first lines of a row's cells with a column gap; cells' further lines follow.

    A row of several long cells is a page layout (a sidebar beside the main text): its
    cells come one after the other, separated by a blank line.
    """
    if not cells:
        return []
    if sum(len(cell) > 3 for cell in cells) >= 2:
        out: list[RawLine] = []
        for cell in cells:
            out.extend(cell + [RawLine("")])
        return out
    firsts = [cell[0] for cell in cells]
    text, mask = "", []
    for i, line in enumerate(firsts):
        gap = "  " if i else ""
        text += gap + line.text
        mask += [False] * len(gap) + line.mask
    joined = RawLine(text, mask, max(line.heading for line in firsts), firsts[0].indent, firsts[0].item)
    return [joined] + [line for cell in cells for line in cell[1:]]


def parse_docx(data: bytes, source: str = "<docx>", limits: Optional[Limits] = None) -> Document:
    """A Document from the bytes of a DOCX CV; the core-properties title becomes its title.

    Raises ReadError for non-DOCX data and damaged files, LimitError for oversized ones.
    """
    _check_zip(data, source, limits or Limits.from_env())
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        raw = _blocks(document.element.body, document, _Styles(document.part))
        title = normalize_text(document.core_properties.title or "") or None
    except ReadError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds; none may escape
        detail = str(error).strip().splitlines()[0][:80] if str(error).strip() else type(error).__name__
        raise ReadError(source, f"damaged or unsupported DOCX: {detail.lower()}") from None
    return Document(source, checksum_of(data), "docx", finish(raw), title)
