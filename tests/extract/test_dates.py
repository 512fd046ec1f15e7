import pytest
from hypothesis import given, strategies as st

from kg.extract.dates import find_dates, is_date_only, parse_point, strip_dates


@pytest.mark.parametrize("text,expected", [
    ("Oct. 2019 - Present", ("2019-10", None, True)),
    ("Aug 2014 - Sept 2019", ("2014-08", "2019-09", False)),
    ("2015--17", ("2015", "2017", False)),
    ("since 12/2021", ("2021-12", None, True)),
    ("03/2021-11/2021", ("2021-03", "2021-11", False)),
    ("May 2013 — September 2013", ("2013-05", "2013-09", False)),
    ("2022–Present.", ("2022", None, True)),
    ("Fall 2015", ("2015-09", None, False)),
    ("1998 to 2001", ("1998", "2001", False)),
    ("2019-10 – 2020-02", ("2019-10", "2020-02", False)),
    ("2019 –", ("2019", None, True)),
])
def test_dates_ranges(text, expected):
    found = find_dates(text)
    assert (found[0].start, found[0].end, found[0].current) == expected


def test_dates_short_end_year_crosses_century():
    assert (find_dates("1998-02")[0].start, find_dates("1998--02")[0].end) == ("1998-02", "2002")


def test_dates_strip_and_date_only():
    assert strip_dates("Analyst, Vexa Ltd (2019 - 2021)") == "Analyst, Vexa Ltd"
    assert is_date_only("May 2018 - Aug 2018") and not is_date_only("Analyst 2018")


@given(st.text(max_size=200))
def test_dates_never_raise_and_spans_are_inside(text):
    for found in find_dates(text):
        assert 0 <= found.begin < found.stop <= len(text)
        if found.start:
            assert found.start[:4] in text or found.start[:4].isdigit()
    assert find_dates(text) == find_dates(text)
    strip_dates(text)


@given(st.integers(1950, 2049), st.integers(1, 12))
def test_dates_month_year_round_trip(year, month):
    assert parse_point(f"{month}/{year}") == f"{year}-{month:02d}"
