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
