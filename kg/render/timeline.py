"""The career timeline: each person's positions and degrees as bars on a year axis.

One self-contained page (no vis-network): the records travel as JSON in the page, and a
small script draws one SVG row per person with ``textContent`` and SVG ``<title>`` hovers,
so CV text is never parsed as markup. Past TIMELINE_ROWS people the page draws the first
rows and a search box narrows them.

    >>> page = timeline_page([{"id": "ex:a", "label": "Ada <b>", "kind": "owner", "records": [
    ...     {"kind": "study", "what": "Ph.D.", "org": "MIT", "org_id": "ex:mit",
    ...      "start": "2010-09", "end": "2015", "current": False}]}])
    >>> "Ada <b>" in page, "Ada \\\\u003cb\\\\u003e" in page
    (False, True)
"""
from __future__ import annotations

import html

from kg.render.html import _asset, content_security_policy, fill, script_json
from kg.render.style import LINK_KINDS

TIMELINE_ROWS = 300         # people drawn at once; the search box finds the others


def year_of(date: str) -> float | None:
    """A gYear / gYearMonth as a fractional year: "2015" -> 2015.0, "2015-07" -> 2015.5.

    >>> year_of("2015-07"), year_of(""), year_of("unknown")
    (2015.5, None, None)
    """
    parts = str(date).split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
    except ValueError:
        return None
    return round(year + (month - 1) / 12, 4)


def bars(careers: list[dict]) -> tuple[list[dict], tuple[int, int]]:
    """People with at least one dated record, each record as a bar (``from``, ``to``,
    ``open`` when its end is unknown), and the span of years the axis covers."""
    dated = [year_of(d) for person in careers for r in person["records"]
             for d in (r["start"], r["end"]) if year_of(d) is not None]
    if not dated:
        return [], (0, 0)
    now = int(max(dated)) + 1
    rows = []
    for person in careers:
        out = []
        for record in person["records"]:
            start, end = year_of(record["start"]), year_of(record["end"])
            if start is None and end is None:
                continue
            start = end - 1 if start is None else start
            stop = now if record["current"] else end if end is not None else start + 1
            out.append({"kind": record["kind"], "what": record["what"], "org": record["org"],
                        "from": start, "to": max(stop, start + 0.25),
                        "open": end is None and not record["current"],
                        "dates": f"{record['start'] or '?'}–"
                                 f"{'present' if record['current'] else record['end'] or '?'}"})
        if out:
            rows.append({"id": person["id"], "label": person["label"], "kind": person["kind"],
                         "bars": out})
    return rows, (int(min(dated)), now)


def timeline_page(careers: list[dict], title: str = "Career timeline") -> str:
    """The whole timeline page for ``careers`` (see :func:`kg.graph.to_networkx.careers`)."""
    rows, (first, last) = bars(careers)
    data = {"people": rows, "first": first, "last": last, "rows": TIMELINE_ROWS,
            "colours": {kind: colour for kind, (_, colour) in LINK_KINDS.items()}}
    script = _asset("timeline.js")
    legend = "".join(f'<li data-kind="{kind}"><span class="kg-swatch" style="background:{colour}">'
                     f'</span>{html.escape(text)}</li>' for kind, (text, colour) in LINK_KINDS.items())
    n = len(rows)
    values = {
        "csp": html.escape(content_security_policy([script])),
        "title": html.escape(title),
        "css": _asset("page.css"),
        "summary": f"{n:,} {'person' if n == 1 else 'people'}, {first}–{last}" if n else "no dated records",
        "legend": legend,
        "data": script_json(data),
        "script": script,
    }
    return fill("timeline.html", values)
