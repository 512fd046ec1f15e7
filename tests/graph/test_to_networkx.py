import kg


def test_to_networkx_projections_carry_the_render_contract():
    result = kg.build()
    coauthors, employers = result.coauthors(), result.employers()
    assert coauthors.number_of_edges() > 0 and employers.number_of_edges() > 0
    for graph in (coauthors, employers, result.network()):
        for _, data in graph.nodes(data=True):
            assert {"label", "kind", "details", "sources"} <= set(data)
            assert data["kind"] in {"owner", "person", "organization", "school", "publication"}
    assert all(d["weight"] >= 1 for _, _, d in coauthors.edges(data=True))
    assert {d["relation"] for _, _, d in employers.edges(data=True)} <= {"worked_at", "studied_at"}


def test_to_networkx_employer_links_carry_kinds_and_careers_are_dated_in_order():
    from kg.graph.to_networkx import careers

    result = kg.build()
    kinds = {k for _, _, d in result.employers().edges(data=True) for k in d["kinds"]}
    assert kinds == {"employment", "internship", "assistantship", "study"}
    people = careers(result.graph)
    assert [p["label"] for p in people] == sorted((p["label"] for p in people), key=str.casefold)
    ada = next(p for p in people if p["label"] == "Ada Nkechi Okafor")
    assert [r["org"] for r in ada["records"]][:2] == ["University of Lagos", "Massachusetts Institute of Technology"]
    assert ada["records"][-1]["current"] is True
