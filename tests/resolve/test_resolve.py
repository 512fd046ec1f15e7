from kg.model import Document, Extraction, Owner, Provenance, Publication
from kg.resolve.merge import resolve
from kg.resolve.orgs import org_key
from kg.resolve.people import cluster_names


def test_orgs_merge_across_case_suffix_the_and_aliases():
    assert org_key("The Vexa Corp.") == org_key("VEXA") == "vexa"
    assert org_key("UT Austin") == org_key("University of Texas at Austin")
    assert org_key("Northfield University") != org_key("Northfield College")


def test_people_initials_join_the_full_form_and_different_given_names_stay_apart():
    clusters = cluster_names({"A. Solberg": 2, "Arne Solberg": 1, "Ann Solberg": 1, "S. K. Moe": 1,
                              "S. Moe": 1, "T. Moe": 1})
    groups = sorted(sorted(c.names) for c in clusters)
    assert groups == [["A. Solberg"], ["Ann Solberg"], ["Arne Solberg"], ["S. K. Moe", "S. Moe"], ["T. Moe"]]


def _extraction(text, owner, authors):
    doc = Document.from_text(text, source=f"{owner}.txt")
    prov = Provenance(doc.source, doc.checksum, 1, 1, "test", "0", 0.9)
    pubs = tuple(Publication(tuple(a), prov, title=f"Paper {i}") for i, a in enumerate(authors))
    return Extraction(doc, Owner(owner, "header", prov), publications=pubs)


def test_resolve_joins_people_across_documents_by_the_same_rules():
    one = _extraction("one", "Mara Quist", [["Mara Quist", "A. Solberg"]])
    two = _extraction("two", "Arne Solberg", [["Arne Solberg", "M. Quist"]])
    resolved = resolve([one, two])
    assert resolved.person(one.document.checksum, "A. Solberg").label == "Arne Solberg"
    assert resolved.person(two.document.checksum, "M. Quist").label == "Mara Quist"
    assert len(resolved.people) == 2
