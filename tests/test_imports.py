"""kg loads what a command needs: ``kg query`` on a store does not import networkx, the
extractors or the HTTP client (they were a third of a second of every command), and the
names the package exports are the functions, whatever was imported first."""
import subprocess
import sys

HEAVY = ("networkx", "requests", "kg.extract", "kg.resolve", "kg.pipeline", "kg.render", "kg.remote")


def _loaded(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_imports_the_command_line_and_a_store_query_load_nothing_heavy(tmp_path):
    import kg

    kg.build([], store=tmp_path / "store")  # the samples, into a store
    loaded = _loaded(f"import kg, kg.cli\nstore = kg.open_graph({str(tmp_path / 'store')!r})\n"
                     "kg.query(store, 'career', {'person': 'Ada Okafor'})")
    assert not [name for name in loaded if name.startswith(HEAVY)]


def test_imports_exported_names_are_the_functions_whatever_came_first():
    code = ("import kg.export, kg.redact, kg.evaluate, kg.remote.push\nimport kg, kg.remote\n"
            "assert callable(kg.export) and callable(kg.redact) and callable(kg.evaluate)\n"
            "assert callable(kg.push) and callable(kg.remote.push) and callable(kg.build)\n"
            "assert kg.pipeline.build is kg.build and 'build' in dir(kg)\n"
            "try:\n    kg.no_such_name\nexcept AttributeError:\n    pass\nelse:\n    raise SystemExit('no error')")
    _loaded(code)
