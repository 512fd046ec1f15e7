"""Personal data: contact details stay out of every output unless asked for; --redact
pseudonymises people and keeps the graph's shape."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

import kg
from kg.cli import main
from kg.graph.vocab import KG

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w/])\+?\(?\+?\d[\d \t().-]{7,}\d(?![\w/])")
_STREET = re.compile(r"\b[A-Z][a-z]+ (?:Road|Street|Avenue|Boulevard|Lane|Building|District|Drive)\b")


def _contacts(text: str) -> tuple[set[str], list[re.Pattern], set[str]]:
    """The e-mails, phone numbers (as digit patterns allowing any separators) and street names
    written in ``text``, found with regexes so that none is written into the repository."""
    phones = [m.group(0) for m in _PHONE.finditer(text) if sum(c.isdigit() for c in m.group(0)) >= 9]
    patterns = [re.compile(r"\D{0,3}".join(c for c in phone if c.isdigit())) for phone in phones]
    return set(_EMAIL.findall(text)), patterns, set(_STREET.findall(text))


def _outputs(folder: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*")) if p.is_file()}


def _seed_build(shared: Path, out: Path, *options: str) -> dict[Path, str]:
    seeds = sorted((shared / "seeds").iterdir())
    runner = CliRunner()
    assert runner.invoke(main, ["build", *map(str, seeds), "--out", str(out), "-q", *options]).exit_code == 0
    assert runner.invoke(main, ["export", "--graph", str(out / "graph.ttl"), "--out", str(out / "export")]).exit_code == 0
    owner = next(iter(kg.query(kg.load_graph(out / "graph.ttl"), "owners").rows))
    assert runner.invoke(main, ["render", "--graph", str(out / "graph.ttl"), "--view", "ego", "--person",
                                str(owner[1]), "--out", str(out)]).exit_code == 0
    return _outputs(out)


@pytest.mark.shared
def test_privacy_seed_outputs_hold_no_email_phone_or_street(shared, tmp_path):
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted((shared / "seeds").iterdir()))
    emails, phones, streets = _contacts(text)
    assert emails and phones and streets, "the seeds should hold contact details for this test to mean anything"
    outputs = _seed_build(shared, tmp_path / "out")
    assert len(outputs) >= 12  # graph.ttl/.trig, facts.tsv, three pages, six exports
    for path, body in outputs.items():
        lowered = body.lower()
        assert not [e for e in emails if e.lower() in lowered], path
        assert not [p.pattern for p in phones if p.search(body)], path
        assert not [s for s in streets if s in body], path


@pytest.mark.shared
def test_privacy_contacts_flag_puts_them_in_the_graph(shared, tmp_path):
    """The scan above can see a leak: with --contacts a seed's e-mail is in the graph."""
    seed = next(p for p in sorted((shared / "seeds").iterdir()) if _EMAIL.search(p.read_text(errors="replace")))
    emails, _, _ = _contacts(seed.read_text(encoding="utf-8", errors="replace"))
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(seed), "--out", str(out), "-q", "--contacts"]).exit_code == 0
    graph = (out / "graph.ttl").read_text(encoding="utf-8").lower()
    assert any(e.lower() in graph for e in emails)


@pytest.fixture(scope="module")
def built() -> kg.Build:
    return kg.build(contacts=True)


@pytest.fixture(scope="module")
def samples(built) -> Graph:
    return built.graph


def _people_names(graph: Graph) -> set[str]:
    people = set(graph.subjects(RDF.type, KG.Person))
    names = {str(o) for s, p, o in graph if s in people and p in (RDFS.label, SKOS.altLabel)}
    return names | {str(o) for o in graph.objects(None, KG.asWritten)}


def _shape(graph: Graph) -> Graph:
    """The graph without the strings that name people or files, people as blank nodes."""
    people = {s: BNode() for s in graph.subjects(RDF.type, KG.Person)}
    drop = {KG.asWritten, KG.email, KG.phone, KG.homepage, KG.path}
    shape = Graph()
    for s, p, o in graph:
        if p in drop or (s in people and p in (RDFS.label, SKOS.altLabel, KG.nameKey)):
            continue
        shape.add((people.get(s, s), p, people.get(o, o)))
    return shape


def test_privacy_redact_removes_every_name_and_contact(built, samples, tmp_path):
    kg.export(samples, tmp_path / "built" / "graph.ttl")
    result = CliRunner().invoke(main, ["export", "--graph", str(tmp_path / "built" / "graph.ttl"), "--redact",
                                       "--salt", "test-salt", "--out", str(tmp_path / "shared")])
    assert result.exit_code == 0, result.output
    owners = {str(row[1]) for row in kg.query(samples, "owners").rows}
    names = _people_names(samples)
    contacts = {str(o) for p in (KG.email, KG.phone, KG.homepage) for o in samples.objects(None, p)}
    assert owners and contacts
    for path, body in _outputs(tmp_path / "shared").items():
        assert not [o for o in owners if o in body], path
        assert not [c for c in contacts if c in body], path
        assert "okafor" not in body.lower(), path  # sample file names hold the owners' names
    redacted = kg.load_graph(tmp_path / "shared" / "graph.ttl")
    literals = {str(o) for o in redacted.objects()}
    assert not names & literals
    assert not {name.lower() for name in names} & literals  # nor their lowercase name keys
    for person in redacted.subjects(RDF.type, KG.Person):  # each pseudonym has its own key
        assert {str(k) for k in redacted.objects(person, KG.nameKey)} == {str(redacted.value(person, RDFS.label))}


def test_privacy_redact_keeps_the_shape_and_is_stable(samples):
    redacted = kg.redact(samples, "test-salt")
    assert isomorphic(_shape(samples), _shape(redacted))
    assert set(redacted) == set(kg.redact(samples, "test-salt"))
    other = set(kg.redact(samples, "another-salt").subjects(RDF.type, KG.Person))
    assert not other & set(redacted.subjects(RDF.type, KG.Person))
    assert kg.validate(redacted)[0]


def test_privacy_redact_needs_a_salt(samples, tmp_path):
    with pytest.raises(kg.GraphError, match="salt"):
        kg.redact(samples, "")
    (tmp_path / "g.ttl").write_text(samples.serialize(format="turtle"), encoding="utf-8")
    result = CliRunner(env={"KG_REDACT_SALT": None}).invoke(
        main, ["export", "--graph", str(tmp_path / "g.ttl"), "--redact", "--out", str(tmp_path / "x")])
    assert result.exit_code == 1 and "salt" in result.output and len(result.output.strip().splitlines()) == 1
