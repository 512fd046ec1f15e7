"""The index page: links to every view, the graph's counts, its top organizations and most
connected people, and the warnings of the build. Plain HTML, no script at all.

    >>> page = index_page(title="CVs", counts={"people": 2}, views=[("coauthors.html",
    ...     "Co-authors", "who wrote with whom", "2 nodes")], warnings=["a.txt: <empty>"])
    >>> "a.txt: &lt;empty&gt;" in page and 'href="coauthors.html"' in page
    True
"""
from __future__ import annotations

import html
from urllib.parse import quote

from kg.render.html import fill

INDEX_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
             "base-uri 'none'; form-action 'none'")


def _table(headers: tuple[str, ...], rows: list[tuple], css: str) -> str:
    if not rows:
        return '<p class="kg-note">None.</p>'
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row)
                     + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>'


def index_page(*, title: str = "Knowledge graph", counts: dict[str, int] | None = None,
               views: list[tuple[str, str, str, str]] = (), top_orgs: list[tuple[str, int]] = (),
               top_people: list[tuple[str, int]] = (), warnings: list[str] = ()) -> str:
    """The index HTML. ``views`` are (relative file, name, what it shows, size note)."""
    links = "\n".join(
        f'<li><a href="{html.escape(quote(file))}">{html.escape(name)}</a> '
        f'<span class="kg-note">{html.escape(what)} · {html.escape(size)}</span></li>'
        for file, name, what, size in views)
    count_items = "\n".join(f'<li data-count="{html.escape(key)}"><span class="kg-count-n">'
                            f'{value:,}</span> {html.escape(key)}</li>'
                            for key, value in (counts or {}).items())
    warn = "\n".join(f"<li>{html.escape(str(w))}</li>" for w in warnings)
    values = {
        "csp": html.escape(INDEX_CSP),
        "title": html.escape(title),
        "counts": count_items,
        "views": links,
        "orgs": _table(("organization", "people"), list(top_orgs), "kg-top-orgs"),
        "people": _table(("person", "co-authors"), list(top_people), "kg-top-people"),
        "warning_count": f"{len(warnings):,}",
        "warnings": f'<ul class="kg-warnings">\n{warn}\n</ul>' if warnings
                    else '<p class="kg-note">No warnings.</p>',
    }
    return fill("index.html", values)
