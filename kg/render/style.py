"""How views colour what they draw: communities of co-authors, kinds of employment links.

Colours are data for the page (a colour per node or edge) and for its legend; nothing here
writes HTML. Communities come from NetworkX's Louvain method, seeded, on a graph built in
sorted order, so the same graph always gets the same colours.

    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> [sorted(c) for c in communities(g)]
    [['a', 'b', 'c'], ['x', 'y']]
"""
from __future__ import annotations

import networkx as nx

COMMUNITY_SEED = 7
# Tableau 20, strong shades first: distinct on white; past these, colours repeat.
COMMUNITY_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#aec7e8", "#98df8a")
SMALL_COMMUNITY = "#bab0ac"

# Employer-view edge kinds: (legend text, colour), in legend order.
LINK_KINDS: dict[str, tuple[str, str]] = {
    "employment": ("employment", "#4e79a7"),
    "internship": ("internship", "#f28e2b"),
    "assistantship": ("assistantship", "#b07aa1"),
    "study": ("study", "#59a14f"),
}
# positionKind values (ontology/kg.ttl) that are not employment proper.
_POSITION_KIND = {"internship": "internship", "assistantship": "assistantship"}


def communities(graph: nx.Graph) -> list[set[str]]:
    """Louvain communities (weighted by ``weight``), largest first, ties by smallest member."""
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph, key=str))
    ordered.add_weighted_edges_from(
        sorted((*sorted((str(u), str(v))), float(w)) for u, v, w in graph.edges(data="weight", default=1)))
    found = nx.community.louvain_communities(ordered, weight="weight", seed=COMMUNITY_SEED)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def community_colours(groups: list[set[str]]) -> dict[str, str]:
    """A colour per node: one per community, largest first, the palette repeating past its
    twentieth community; people with no community of their own (singletons) grey."""
    colours = {}
    for number, group in enumerate(groups):
        shade = COMMUNITY_COLOURS[number % len(COMMUNITY_COLOURS)] if len(group) > 1 else SMALL_COMMUNITY
        colours.update((node, shade) for node in group)
    return colours


def link_kind(kinds: object) -> str:
    """The kind an employer-view edge is coloured by: employment over assistantship over
    internship over study, whichever the person held there.

    >>> link_kind(("study", "internship"))
    'internship'
    """
    present = set(kinds) if isinstance(kinds, (list, tuple, set, frozenset)) else set()
    for kind in ("employment", "assistantship", "internship", "study"):
        if kind in present:
            return kind
    return "employment"


def position_link_kind(position_kind: object) -> str:
    """The employer-view kind of a ``kg:positionKind`` value (jobs of every other sort are
    employment)."""
    return _POSITION_KIND.get(str(position_kind), "employment")
