import pytest

from kg.extract.positions import extract_positions, position_kind
from kg.extract.sections import find_sections
from kg.model import Document


def _read_positions(text):
    """Positions of ``text`` read the way a .txt or .md file is (indentation, Markdown)."""
    from kg.readers.text import parse_text

    doc = parse_text(text.encode())
    return [p for s in find_sections(doc) for p in extract_positions(doc, s) if s.kind == "experience"]


def _positions(text):
    doc = Document.from_text(text)
    return [p for s in find_sections(doc) if s.kind in {"experience", "teaching"} for p in extract_positions(doc, s)]


@pytest.mark.parametrize("entry,org,title", [
    ("Senior Engineer, Vexa Technologies, Inc.  March 2018 - 2023", "Vexa Technologies, Inc.", "Senior Engineer"),
    ("Data Scientist | Kestrel Analytics | 2019 - present", "Kestrel Analytics", "Data Scientist"),
    ("Kestrel Analytics — Data Scientist (2019 - present)", "Kestrel Analytics", "Data Scientist"),
    ("Research Intern at Orbital Systems, 2017", "Orbital Systems", "Research Intern"),
    ("2019 – Present | Senior Engineer, Stripe", "Stripe", "Senior Engineer"),
    ("Assistant Professor of Biology, Northfield University, 2017–2023.", "Northfield University", "Assistant Professor of Biology"),
])
def test_positions_one_line_layouts(entry, org, title):
    found = _positions(f"Mara Quist\n\nEXPERIENCE\n{entry}\n")
    assert [(p.organization, p.title) for p in found] == [(org, title)]


def test_positions_company_heading_with_roles_beneath():
    text = ("Mara Quist\n\nWORK EXPERIENCE\nHalden Bank  Oslo, Norway\nSenior Analyst  2019 - Present\n"
            "Analyst  2016 - 2019\n- Built the risk models used by the trading desks across the whole firm.\n"
            "Fjord Consulting Group  Bergen\nIntern  Summer 2015\n")
    found = _positions(text)
    assert [(p.organization, p.title, p.start, p.current) for p in found] == [
        ("Halden Bank", "Senior Analyst", "2019", True), ("Halden Bank", "Analyst", "2016", False),
        ("Fjord Consulting Group", "Intern", "2015-06", False)]
    assert found[0].location == "Oslo" and found[2].kind == "internship"


def test_positions_dates_first_then_org_and_title():
    text = "Mara Quist\n\nEMPLOYMENT\nsince 12/2021\nHalden Bank Lead Analyst\n03/2019-11/2021\nVexa Ltd Analyst\n"
    found = _positions(text)
    assert [p.organization for p in found] == ["Halden Bank", "Vexa Ltd"]
    assert found[1].start == "2019-03" and found[1].end == "2021-11"


def test_positions_place_glued_to_the_company_is_cut():
    found = _positions("Mara Quist\n\nEXPERIENCE\nVexa Redmond, WA\nResearch Intern\nMay 2018 - Aug 2018\n")
    assert found[0].organization == "Vexa" and found[0].location == "Redmond"


def test_positions_department_is_a_unit_of_the_university():
    found = _positions("Mara Quist\n\nEXPERIENCE\nResearch Assistant, Department of Physics, Northfield University, 2012 - 2014\n")
    assert found[0].organization == "Northfield University" and found[0].unit == "Department of Physics"


@pytest.mark.parametrize("title,kind", [("Graduate Research Assistant", "assistantship"), ("Postdoctoral Fellow", "postdoc"),
                                        ("Software Engineering Intern", "internship"), ("Resident Physician", "residency"),
                                        ("Lecturer", "faculty"), ("Staff Engineer", "employment")])
def test_positions_kind(title, kind):
    assert position_kind(title) == kind


def test_positions_volunteer_section_gives_volunteer_kind():
    found = _positions("Mara Quist\n\nVOLUNTEER EXPERIENCE\nMentor, Code Club Oslo, 2018 - 2020\n")
    assert found and found[0].kind == "volunteer"


def test_positions_long_comma_header_names_the_last_organization_and_units():
    found = _positions("Mara Quist\n\nEXPERIENCE\n2017\nAquatic Science Biologist, Offshore Section, Stock "
                       "Assessment Division, Pacific Biological Station, Fisheries and Oceans Canada, Nanaimo, BC, Canada\n")
    assert [p.organization for p in found] == ["Fisheries and Oceans"]
    assert found[0].start == "2017" and found[0].title.startswith("Aquatic Science Biologist")


def test_positions_joint_hosts_give_two_positions():
    found = _positions("Mara Quist\n\nEXPERIENCE\n2015--17: Research Fellow, University of Washington and "
                       "Northwest Fisheries Science Center, Seattle, WA\n")
    assert [p.organization for p in found] == ["University of Washington", "Northwest Fisheries Science Center"]


def test_positions_contract_entries_take_the_client():
    found = _read_positions("Mara Quist\n\nCONTRACT EMPLOYMENT\n2014\nData analysis in R for Ecoscape Consultants Ltd.\n\n"
                       "2013\nMaps of stock status for R. Hilborn\n\n2010\nSurvey design for Clearwater Seafoods, "
                       "Bedford, NS, Canada.\n")
    assert [(p.organization, p.start, p.kind) for p in found] == [
        ("Ecoscape Consultants Ltd.", "2014", "contract"), ("Clearwater Seafoods", "2010", "contract")]


def test_positions_units_beneath_an_organization_heading_stay_units():
    found = _read_positions("Mara Quist\n\n## Experience\n\n### Halden Research Institute, Oslo\n\n"
                       "- **Senior Scientist**, Battery Materials Lab — Mar. 2022 – present\n"
                       "- **Scientist**, Cell Chemistry Group — Sep. 2018 – Feb. 2022\n")
    assert [(p.organization, p.title) for p in found] == [
        ("Halden Research Institute", "Senior Scientist"), ("Halden Research Institute", "Scientist")]


def test_positions_wrapped_description_lines_are_not_entries():
    found = _read_positions("Mara Quist\n\nEXPERIENCE\nStudent Research Assistant\nTechnical University of Berlin\n"
                       "Oct 2009 – Aug 2011  Berlin, GER\n  Modeling, Simulation, and Control of Drop Size Distributions in\n"
                       "  Stirred Liquid/Liquid Systems\n  Scientific supervision: Ann Lee (TU Berlin) and\n"
                       "  Bo Kim (Shell International)\n")
    assert [p.organization for p in found] == ["Technical University of Berlin"]
    assert found[0].start == "2009-10" and found[0].end == "2011-08"


def test_positions_roles_with_month_dates_on_their_own_lines():
    found = _read_positions("Mara Quist\n\nEXPERIENCE\nGovernment Digital Service\nLead Developer\nJuly 2023 – Present\n"
                       "  Lead developer in the platform space.\n\nSenior Developer\nJune 2021 – July 2023\n\n"
                       "Developer\nApril 2019 – May 2021\n")
    assert [(p.title, p.start, p.end) for p in found] == [
        ("Lead Developer", "2023-07", None), ("Senior Developer", "2021-06", "2023-07"),
        ("Developer", "2019-04", "2021-05")]
    assert {p.organization for p in found} == {"Government Digital Service"}


def test_positions_europass_form_fields():
    found = _read_positions(
        "Europass Curriculum Vitae\n\nSurname(s) / First name(s)    Rossi Giulia\n\nWork experience\n\n"
        "Dates    01/2018 - present\nOccupation or position held    Research engineer\n"
        "Main activities and responsibilities    Design of converters for Siemens Energy\n"
        "Name and address of employer    ENEA - Italian National Agency for New Technologies, Frascati (Italy)\n\n"
        "Dates    09/2014 - 12/2017\nOccupation or position held    PhD student\n"
        "Name and address of employer    Politecnico di Milano, Milano (Italy)\n")
    assert [(p.organization, p.title, p.start, p.end) for p in found] == [
        ("ENEA", "Research engineer", "2018-01", None), ("Politecnico di Milano", "PhD student", "2014-09", "2017-12")]


def test_positions_linkedin_export_layout():
    found = _read_positions(
        "Contact\nwww.linkedin.com/in/danielkim\nTop Skills\nKubernetes\n\nDaniel Kim\n"
        "Staff Engineer at Datadog\nNew York, New York, United States\n\nExperience\nDatadog\nStaff Engineer\n"
        "March 2022 - Present (2 years 9 months)\nNew York, New York, United States\n\nIBM\nSoftware Engineer\n"
        "June 2013 - June 2016 (3 years 1 month)\nArmonk, New York\n")
    assert [(p.organization, p.title, p.start) for p in found] == [
        ("Datadog", "Staff Engineer", "2022-03"), ("IBM", "Software Engineer", "2013-06")]
    assert found[1].location == "Armonk"


def test_owner_after_a_linkedin_sidebar():
    from kg.extract import extract
    from kg.readers.text import parse_text

    doc = parse_text(b"Contact\nwww.linkedin.com/in/danielkim\nTop Skills\nKubernetes\nTerraform\n\nDaniel Kim\n"
                     b"Staff Engineer at Datadog\n\nExperience\nDatadog\nStaff Engineer\n2022 - Present\n")
    assert extract(doc).owner.name == "Daniel Kim"


def test_positions_cjk_organization_names_without_capitals_or_spaces():
    text = ("山田 太郎\n\nEXPERIENCE\nResearch Engineer, 東京大学, 2018 - 2022\n"
            "Software Engineer, 株式会社日立製作所, 2014 - 2018\nEngineer, 清华大学, 2012 - 2014\n"
            "Researcher, 서울대학교, 2010 - 2012\n")
    found = [(p.organization, p.title) for p in _positions(text)]
    assert found == [("東京大学", "Research Engineer"), ("株式会社日立製作所", "Software Engineer"),
                     ("清华大学", "Engineer"), ("서울대학교", "Researcher")]
