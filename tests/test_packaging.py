"""The package ships what it needs, and its public surface changes only on purpose."""
import tomllib
from pathlib import Path

import kg

REPO = Path(__file__).resolve().parents[1]


def test_packaging_every_package_under_kg_is_listed():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "kg").rglob("__init__.py")}
    assert found | {"kg.ontology"} == listed


def test_packaging_public_api_is_pinned():
    assert sorted(kg.__all__) == sorted([
        "Build", "DEFAULT_BASE", "EXPORT_FORMATS", "ExtractError", "Failure", "GraphError", "KGError",
        "QueryError", "QueryResult", "ReadError", "RenderError", "SynthError", "build", "coauthor_graph", "employer_graph",
        "export", "facts", "full_graph", "input_files", "load_graph", "named_queries", "query",
        "render_views", "validate", "write_outputs",
        "Endpoint", "PushReport", "RemoteError", "fetch_graph", "push", "remote_query", "serve",
        "Evaluation", "evaluate"])
    for name in kg.__all__:
        assert hasattr(kg, name), name


def test_packaging_ontology_and_data_files_are_package_resources():
    from importlib.resources import files

    assert files("kg.ontology").joinpath("kg.ttl").is_file()
    assert files("kg.ontology").joinpath("shapes.ttl").is_file()
    assert files("kg.ontology").joinpath("org_aliases.tsv").is_file()
    assert files("kg").joinpath("data/sections.tsv").is_file()
