"""The kinds of SPARQL server kg knows the URL shapes of (``kg/data/servers.tsv``): outside
``kg.remote``, so the command line lists them without loading the HTTP client."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Optional


@dataclass(frozen=True)
class ServerKind:
    """The paths of one kind of server's services under its base URL (``None``: the base itself)."""

    name: str
    query: Optional[str]
    update: Optional[str]
    store: Optional[str]
    graph_param: str
    default_graph: Optional[str]


@lru_cache(maxsize=1)
def server_kinds() -> dict[str, ServerKind]:
    """The server kinds kg knows the URL shapes of, by name (``kg/data/servers.tsv``)."""
    kinds = {}
    for line in files("kg").joinpath("data/servers.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, *cells = (None if cell == "-" else cell for cell in line.split("\t"))
        kinds[name] = ServerKind(name, *cells)
    return kinds
