"""A CV with hostile names and titles, through kg build, shown in Chromium with the network off."""
import pytest

import kg
from tests.render.test_browser import hover_text

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '"><img src=x onerror="window.__pwned=2">'
HOSTILE_CV = f"""Mara Quist

EXPERIENCE
Staff Engineer {IMG}, Vexa Labs, 2019 - present

PUBLICATIONS
1. M. Quist, B. Evil{SCRIPT}, and C. Norr. "A study {IMG}." Journal of Tests, 2021.
2. M. Quist and C. Norr. "Another study." Journal of Tests, 2022.
"""


def test_end_to_end_hostile_cv_text_is_shown_as_text(open_page, tmp_path):
    (tmp_path / "cv.txt").write_text(HOSTILE_CV)
    result = kg.build([tmp_path / "cv.txt"])
    written = {p.name: p for p in kg.write_outputs(result, tmp_path / "out")}
    pages = [written["coauthors.html"], written["employers.html"]]
    for page_path in pages:
        assert "<script>window.__pwned" not in page_path.read_text()
        opened = open_page(page_path)
        assert opened.page.evaluate("nodes.length") >= 2
        assert opened.page.evaluate("typeof window.__pwned") == "undefined"
        assert opened.page.evaluate("document.querySelectorAll('img').length") == 0
        assert not opened.blocked and not opened.errors
    employers = open_page(pages[-1])
    owner = next(n for n in employers.page.evaluate("nodes.get()") if n["label"] == "Mara Quist")
    text, elements = hover_text(employers.page, owner["id"])
    assert IMG in text and elements == 0  # the hostile job title, shown as text
    assert employers.page.evaluate("typeof window.__pwned") == "undefined"


def test_end_to_end_hostile_names_never_become_people():
    from kg.extract import extract
    from kg.model import Document

    found = extract(Document.from_text(HOSTILE_CV))
    names = [a for p in found.publications for a in p.authors]
    assert names and not any("<" in name or ">" in name for name in names)
