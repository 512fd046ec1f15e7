"""Write composed CV lines as plain text or Markdown (bytes, UTF-8, ``\\n`` line ends).

>>> from kg.synth.layout import Line
>>> lines = [Line("name", [("Ada Okafor", "b")]), Line("heading", [("Education", "")]),
...          Line("entry", [("MIT", "b"), (" — Ph.D.", "")], "2015")]
>>> print(markdown(lines, "hash2", gap=False).decode(), end="")
# Ada Okafor
<BLANKLINE>
## Education
<BLANKLINE>
**MIT** — Ph.D. 2015
"""
from __future__ import annotations

from kg.synth.layout import Line

__all__ = ["markdown", "text"]

_WIDTH = 92
_INDENT = "    "


def _heading_text(title: str, style: str, number: int) -> list[str]:
    if style == "caps":
        return [title.upper()]
    if style == "caps_rule":
        return [title.upper(), "=" * len(title)]
    if style == "setext":
        return [title, "-" * len(title)]
    if style == "colon":
        return [f"{title}:"]
    if style == "numbered":
        return [f"{number}. {title.upper()}"]
    return [title]


def _wrap(body: str, width: int, hang: str) -> list[str]:
    """Greedy wrapping at spaces (what ``textwrap.wrap`` does here, without its cost)."""
    lines, current = [], ""
    for word in body.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = hang + word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def _pad(left: str, right: str, indent: str) -> str:
    if not right:
        return indent + left
    room = _WIDTH - len(indent) - len(left) - len(right)
    return f"{indent}{left}{' ' * max(room, 3)}{right}"


def text(lines: list[Line], heading: str, bullet: str = "-", gap: bool = False, wrap: int = 0) -> bytes:
    """Plain text: headings in ``heading`` style, dates padded to the right margin, optional wrapping."""
    out: list[str] = []
    sections = 0
    for line in lines:
        body, kind = line.text, line.kind
        indent = _INDENT * line.level
        if kind == "heading":
            sections += 1
            out += ["", ""] + _heading_text(body, heading, sections) + [""]
        elif kind == "name":
            out.append(body)
        elif kind == "bullet":
            out.append(f"{indent}{bullet} {body}")
        elif kind in ("item", "text") and wrap and len(body) > wrap:
            hang = " " * (body.index(" ") + 1 if body[:1] == "[" else 4)
            out += _wrap(body, wrap, hang)
            if gap:
                out.append("")
        else:
            if gap and kind in ("entry", "item") and out and out[-1]:
                out.append("")
            out.append(_pad(body, line.right, indent))
    return ("\n".join(out).strip("\n") + "\n").encode("utf-8")


def _md_runs(line: Line) -> str:
    parts = []
    for text_, style in line.runs:
        if not text_:
            continue
        if style and text_.strip():
            lead, core, trail = _split_space(text_)
            mark = "**" if style == "b" else "*"
            parts.append(f"{lead}{mark}{_md_escape(core)}{mark}{trail}")
        else:
            parts.append(_md_escape(text_))
    out = "".join(parts)
    return f"{out} {line.right}" if line.right else out


def _split_space(text_: str) -> tuple[str, str, str]:
    core = text_.strip()
    lead = text_[: len(text_) - len(text_.lstrip())]
    trail = text_[len(text_.rstrip()):]
    return lead, core, trail


def _md_escape(text_: str) -> str:
    return text_.replace("*", "\\*").replace("_", "\\_")


def markdown(lines: list[Line], heading: str, gap: bool = True) -> bytes:
    """Markdown: ``#`` headings (or bold / setext), bold and italic runs, ``-`` bullets, hard breaks."""
    out: list[str] = []
    for i, line in enumerate(lines):
        body, kind = _md_runs(line), line.kind
        nxt = lines[i + 1].kind if i + 1 < len(lines) else ""
        if kind == "name":
            out += [f"# {line.text}" if heading != "bold" else f"**{line.text}**", ""]
        elif kind == "heading":
            title = line.text
            out += ["", {"hash1": f"# {title}", "hash2": f"## {title}", "hash3": f"### {title}",
                         "bold": f"**{title}**", "setext": f"{title}\n{'-' * len(title)}"}[heading], ""]
        elif kind == "bullet":
            out.append(f"{'  ' * max(0, line.level - 1)}- {body}")
            if nxt not in ("bullet", "detail"):
                out.append("")
        elif kind in ("subtitle", "contact", "detail", "entry"):
            if kind == "entry" and out and out[-1]:
                out.append("")
            out.append(body + ("  " if nxt in ("subtitle", "contact", "detail") else ""))
            if nxt not in ("subtitle", "contact", "detail", "bullet"):
                out.append("")
        elif kind == "item":
            numbered = body[:1].isdigit() or body[:1] in "-*"
            out.append(body if numbered else f"- {body}" if not gap else body)
            if gap and not numbered:
                out.append("")
        else:
            out += [body, ""]
    text_ = "\n".join(out)
    while "\n\n\n" in text_:
        text_ = text_.replace("\n\n\n", "\n\n")
    return (text_.strip("\n") + "\n").encode("utf-8")
