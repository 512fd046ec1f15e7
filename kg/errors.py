"""The one exception tree of kg.

    KGError
    ├── ReadError      a file could not be turned into a Document (names the file and why)
    ├── ExtractError   an extractor failed on a document
    ├── GraphError     a graph file could not be loaded or written
    ├── QueryError     a SPARQL query (named or ad hoc) is unknown, malformed or failed
    ├── RenderError    a view could not be drawn
    ├── RemoteError    a SPARQL server could not be reached, refused us, or failed
    └── SynthError     a synthetic corpus could not be generated (bad parameters, unwritable folder)

Every error carries a one-line message meant for the user; the CLI prints it as is.
"""
from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class ReadError(KGError):
    """A file could not be read into a Document."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ExtractError(KGError):
    """An extractor failed on a document."""


class GraphError(KGError):
    """A graph could not be loaded, built or written."""


class QueryError(KGError):
    """A query is unknown, malformed, or failed to run."""


class RenderError(KGError):
    """A view could not be rendered."""


class RemoteError(KGError):
    """A SPARQL server (push, remote query, kg serve) could not be reached, refused, or failed.

    Messages name the server without credentials: userinfo is never part of a URL kg prints.
    """


class SynthError(KGError):
    """A synthetic corpus could not be generated."""
