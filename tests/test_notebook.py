"""The notebook runs from top to bottom with the installed package."""
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "kg_tour.ipynb"


def test_notebook_runs_and_shows_the_network(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    work = tmp_path / "notebooks"
    work.mkdir()
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("text/html" in o.get("data", {}) and "iframe" in o["data"]["text/html"] for o in outputs)
    assert (tmp_path / "output" / "coauthors.html").is_file()
    shown = [o["data"]["text/html"] for o in outputs if "iframe" in o.get("data", {}).get("text/html", "")]
    assert len(shown) >= 6 and (tmp_path / "output" / "index.html").is_file()
