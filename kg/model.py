"""The one data model kg's stages pass along: frozen dataclasses, no I/O.

read -> ``Document`` (lines of normalised text, with the little markup that carries meaning:
bold runs and heading levels) -> extract -> ``Extraction`` (records with ``Provenance``
pointing back into the document) -> resolve -> graph.

Records hold names as the document writes them (``Mention`` strings); entity resolution
decides later which mentions are the same person or organization.
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Line:
    """One line of a document's normalised text.

    ``number`` is 1-based and counts lines of ``Document.text``. ``bold`` lists the
    ``(start, end)`` character ranges of ``text`` the source showed in bold (Markdown
    ``**x**``, a bold PDF font, a bold DOCX run): CVs mark their owner that way in author
    lists. ``heading`` is the heading level the markup gave the line (Markdown ``#``,
    setext underline, a DOCX Heading style, a large PDF font), 0 when none.
    """

    number: int
    text: str
    bold: tuple[tuple[int, int], ...] = ()
    heading: int = 0
    indent: int = 0

    def bold_text(self) -> list[str]:
        """The bold runs of this line, in order.

        >>> Line(1, "A. Smith, B. Jones", bold=((0, 8),)).bold_text()
        ['A. Smith']
        """
        return [self.text[a:b] for a, b in self.bold]


@dataclass(frozen=True)
class Document:
    """A CV as kg reads it: where it came from, a checksum of its bytes, and its lines.

    ``warnings`` are one-line notes of what reading changed (a runaway line cut at
    ``kg.limits.Limits.max_line_chars``); extraction passes them on.
    """

    source: str
    checksum: str
    format: str
    lines: tuple[Line, ...]
    title: Optional[str] = None
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def id(self) -> str:
        """A short stable identifier derived from the content (not the path)."""
        return self.checksum[:16]

    def line(self, number: int) -> Line:
        return self.lines[number - 1]

    @classmethod
    def from_text(cls, text: str, source: str = "<text>", format: str = "txt") -> "Document":
        """A document from plain text, for tests and the API.

        >>> Document.from_text("Jane Doe\\nEducation").lines[1].text
        'Education'
        """
        lines = tuple(Line(i + 1, t) for i, t in enumerate(text.splitlines()))
        return cls(source, checksum_of(text.encode("utf-8")), format, lines)


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Provenance:
    """Where a record came from: document, line range, extractor (name, version), confidence."""

    source: str
    checksum: str
    first_line: int
    last_line: int
    extractor: str
    version: str
    confidence: float

    @property
    def document_id(self) -> str:
        return self.checksum[:16]


@dataclass(frozen=True)
class Contact:
    """A contact detail of the owner (kept out of the graph unless the user asks)."""

    kind: str  # email | phone | url | address
    value: str
    provenance: Provenance


@dataclass(frozen=True)
class Owner:
    """The person the CV is about, and how their name was found.

    ``method`` is one of: header, title, author-lists, bold, email.
    """

    name: str
    method: str
    provenance: Provenance
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class Position:
    """A post the owner held at an organization.

    Dates are ISO prefixes (``2019``, ``2019-10``); ``end`` is ``None`` while
    ``current`` is true. ``kind`` is one of employment, internship, assistantship,
    postdoc, faculty, visiting, residency, freelance, volunteer, contract.
    """

    organization: str
    provenance: Provenance
    title: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    current: bool = False
    location: Optional[str] = None
    kind: str = "employment"
    unit: Optional[str] = None  # department, team or group named with the organization


@dataclass(frozen=True)
class Degree:
    """A stay at an educational institution as a student (a degree, finished or not, or an exchange)."""

    institution: str
    provenance: Provenance
    degree: Optional[str] = None
    field: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    location: Optional[str] = None
    advisors: tuple[str, ...] = ()
    unit: Optional[str] = None


@dataclass(frozen=True)
class Publication:
    """A work with an author list. ``kind``: article, chapter, book, thesis, preprint,
    talk, poster, software, patent, other. For a patent ``authors`` are its inventors.
    ``owner_index`` is the position of the owner in ``authors`` (None when absent)."""

    authors: tuple[str, ...]
    provenance: Provenance
    title: Optional[str] = None
    venue: Optional[str] = None
    year: Optional[str] = None
    kind: str = "article"
    owner_index: Optional[int] = None


@dataclass(frozen=True)
class Advising:
    """The owner was advised or supervised by ``advisor`` (role: advisor, supervisor, chair)."""

    advisor: str
    provenance: Provenance
    role: str = "advisor"


@dataclass(frozen=True)
class Extraction:
    """Everything the extractors found in one document."""

    document: Document
    owner: Optional[Owner]
    positions: tuple[Position, ...] = ()
    degrees: tuple[Degree, ...] = ()
    publications: tuple[Publication, ...] = ()
    advisings: tuple[Advising, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def contacts(self) -> tuple[Contact, ...]:
        """The owner's contact details (none without an owner)."""
        return self.owner.contacts if self.owner else ()


@dataclass(frozen=True)
class PackedExtraction:
    """An extraction kept as its pickle (``data``), with what a build asks of every
    document without unpacking it: the document, warnings, owner's contacts, the distinct
    person names it writes and every organization name (``kg.resolve.merge.pack``).

    A store build holds one per document until it ends: at 10,000 CVs the extractions took
    about 19 KB each as objects and 5 KB as pickles.
    """

    document: Document
    warnings: tuple[str, ...]
    contacts: tuple[Contact, ...]
    person_names: tuple[str, ...]
    org_names: tuple[str, ...]
    data: bytes = field(repr=False)

    def unpacked(self) -> Extraction:
        return pickle.loads(self.data)
