"""Generate the binary sample CVs (two PDFs and a DOCX) in this folder.

    .venv/bin/python -m kg.samples.make_samples [--out DIR]

The people, employers and papers are fictional (real universities and companies appear
only as employers and schools). The text and Markdown samples are plain files kept in the
repository; only the binary ones are generated here, so that their content is reviewable
as Python source.

Output is deterministic: fixed creation dates and metadata in the PDFs, fixed core
properties and fixed ZIP member timestamps in the DOCX, so re-running with the same
library versions and fonts gives identical bytes.

* ``05_priya_raghunathan.pdf`` single column, right-aligned dates, owner in bold inside
  author lists. Uses Liberation Sans (embedded, subset) when the system has it, for
  en dashes and typographic quotes; otherwise core Helvetica with ASCII stand-ins.
* ``06_kwame_asante.pdf`` two-column resume, left sidebar (contact, skills, education)
  beside the experience column; core Helvetica, Latin-1 text only.
* ``07_elina_virtanen.docx`` economics CV: Heading styles, an education table, bold
  owner runs in author lists and "with X and Y" co-author notes for working papers.
"""
from __future__ import annotations

import argparse
import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_DATE = datetime(2025, 1, 15, 9, 0, 0, tzinfo=timezone.utc)
ZIP_DATE = (2025, 1, 15, 9, 0, 0)
LIBERATION = Path("/usr/share/fonts/truetype/liberation")

# ---------------------------------------------------------------------------------------
# 05: single-column academic CV (PDF)
# ---------------------------------------------------------------------------------------

PRIYA = "P. Raghunathan"

PRIYA_EXPERIENCE = [
    ("Lawrence Berkeley National Laboratory", "Berkeley, CA", "Sep. 2024 – Present",
     "Postdoctoral Scholar, Materials Sciences Division",
     ["Foundation-model potentials for battery interfaces; uncertainty-calibrated screening of "
      "10,000+ candidate coatings on NERSC.",
      "Co-supervise two summer undergraduate researchers."]),
    ("University of Toronto", "Toronto, ON", "2019 – 2024",
     "Graduate Research Assistant, Department of Physics",
     ["Graph-network surrogates for ion hopping in disordered solid electrolytes.",
      "Teaching assistant for PHY 252 Thermal Physics (four terms)."]),
    ("Samsung Advanced Institute of Technology", "Suwon, South Korea", "Jun. 2022 – Aug. 2022",
     "Research Intern, Battery Materials Lab",
     ["Mentor: Dr. Jiwoo Park. Built an active-learning loop coupling DFT with "
      "impedance measurements of argyrodite pellets."]),
    ("Massachusetts Institute of Technology", "Cambridge, MA", "2017 – 2019",
     "Undergraduate Research Assistant, Department of Materials Science and Engineering",
     ["Kinetic Monte Carlo models of lithium plating (UROP, paid position)."]),
]

PRIYA_EDUCATION = [
    ("University of Toronto", "Toronto, ON", "2019 – 2024", "Ph.D., Physics",
     ["Thesis: “Learning where ions go: surrogate models for transport in disordered solids”",
      "Advisor: Prof. Ada Okafor"]),
    ("Massachusetts Institute of Technology", "Cambridge, MA", "2015 – 2019",
     "S.B., Materials Science and Engineering (minor in Computer Science)", []),
]

# (authors, rest); the owner's name is set in bold wherever it appears in `authors`.
PRIYA_PUBLICATIONS = [
    ("P. Raghunathan, K. Sato, and E. Brennan",
     "“Calibrated uncertainty for universal interatomic potentials at battery interfaces,” "
     "arXiv:2503.01234 (2025), under review."),
    ("P. Raghunathan, J. Park, and A. N. Okafor",
     "“Graph-network surrogates for lithium-ion hopping in disordered sulfide electrolytes,” "
     "Phys. Rev. Materials 8, 045402 (2024)."),
    ("A. N. Okafor, J. Park, and P. Raghunathan",
     "“Active learning of interatomic potentials for halide-doped argyrodites,” "
     "npj Comput. Mater. 9, 112 (2023)."),
    ("C. Dubois, P. Raghunathan, and A. N. Okafor",
     "“Anharmonic phonons and the breakdown of the Nernst-Einstein relation in superionic "
     "conductors,” J. Chem. Phys. 157, 184702 (2022)."),
    ("P. Raghunathan and A. N. Okafor",
     "“Uncertainty-aware screening of solid electrolyte interphases,” NeurIPS Workshop on "
     "AI for Accelerated Materials Design (2022)."),
]

PRIYA_AWARDS = [
    ("NSERC Postgraduate Scholarship – Doctoral (PGS D)", "2020 – 2023"),
    ("Ontario Graduate Scholarship", "2019"),
    ("Best Undergraduate Thesis Award, Department of Materials Science and Engineering", "2019"),
]

PRIYA_SKILLS = [
    ("Simulation", "VASP, Quantum ESPRESSO, LAMMPS, ASE, pymatgen"),
    ("Machine learning", "PyTorch, JAX, e3nn, active learning, conformal prediction"),
    ("Computing", "Python, C++, Slurm, NERSC and Compute Canada clusters"),
]

ASCII_STAND_INS = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'",
                                 "•": "-", "·": "-"})


def _pdf_metadata(pdf, title: str, author: str) -> None:
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("kg.samples.make_samples")
    pdf.set_producer("fpdf2")
    pdf.set_lang("en")


def build_priya(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="letter", unit="mm")
    _pdf_metadata(pdf, "Priya Raghunathan - Curriculum Vitae", "Priya Raghunathan")
    if (LIBERATION / "LiberationSans-Regular.ttf").exists():
        pdf.add_font("Body", "", str(LIBERATION / "LiberationSans-Regular.ttf"))
        pdf.add_font("Body", "B", str(LIBERATION / "LiberationSans-Bold.ttf"))
        pdf.add_font("Body", "I", str(LIBERATION / "LiberationSans-Italic.ttf"))
        family, fix = "Body", (lambda s: s)
    else:  # pragma: no cover - depends on the system fonts
        family, fix = "Helvetica", (lambda s: s.translate(ASCII_STAND_INS))
    margin = 19.0
    pdf.set_margins(margin, 16, margin)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    width = pdf.w - 2 * margin

    def font(style: str = "", size: float = 10.0) -> None:
        pdf.set_font(family, style, size)

    # Header
    font("B", 21)
    pdf.cell(0, 10, "Priya Raghunathan", new_x="LMARGIN", new_y="NEXT")
    font("", 10.5)
    pdf.cell(0, 5.5, fix("Postdoctoral Scholar · Computational Materials Science"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(90, 90, 90)
    font("", 9)
    pdf.cell(0, 5, fix("1 Cyclotron Road, Berkeley, CA 94720 · praghunathan@example.org · "
                       "github.com/priya-r-example"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)

    def room(needed: float) -> None:
        if pdf.get_y() + needed > pdf.page_break_trigger:
            pdf.add_page()

    def section(title: str) -> None:
        room(30)
        pdf.ln(3)
        font("B", 12.5)
        pdf.set_text_color(20, 60, 120)
        pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(20, 60, 120)
        pdf.set_line_width(0.3)
        pdf.line(margin, pdf.get_y(), pdf.w - margin, pdf.get_y())
        pdf.ln(1.8)

    def dated_line(left_bold: str, left_rest: str, date: str) -> None:
        room(12)
        y = pdf.get_y()
        font("", 10)
        pdf.cell(0, 5.2, fix(date), align="R")  # right-aligned date, same baseline
        pdf.set_xy(margin, y)
        font("B", 10)
        pdf.write(5.2, fix(left_bold))
        font("", 10)
        pdf.write(5.2, fix(left_rest))
        pdf.ln(5.2)

    def italic_line(text: str) -> None:
        font("I", 10)
        pdf.multi_cell(width, 5, fix(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def bullet(text: str) -> None:
        font("", 9.5)
        pdf.set_x(margin + 3)
        pdf.cell(4, 4.8, fix("•"))
        pdf.multi_cell(width - 7, 4.8, fix(text), align="L", new_x="LMARGIN", new_y="NEXT")

    section("Professional Experience")
    for org, place, dates, title, bullets in PRIYA_EXPERIENCE:
        dated_line(org, f", {place}", dates)
        italic_line(title)
        for b in bullets:
            bullet(b)
        pdf.ln(1.5)

    section("Education")
    for org, place, dates, degree, notes in PRIYA_EDUCATION:
        dated_line(org, f", {place}", dates)
        italic_line(degree)
        for note in notes:
            font("", 9.5)
            pdf.set_x(margin + 3)
            pdf.multi_cell(width - 3, 4.8, fix(note), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)

    section("Publications")
    for i, (authors, rest) in enumerate(PRIYA_PUBLICATIONS, start=1):
        font("", 9.5)
        pdf.set_x(margin)
        pdf.cell(7, 4.9, f"[{i}]")
        pdf.set_left_margin(margin + 7)
        before, _, after = authors.partition(PRIYA)
        pdf.write(4.9, fix(before))
        font("B", 9.5)
        pdf.write(4.9, PRIYA)
        font("", 9.5)
        pdf.write(4.9, fix(after + ", " + rest))
        pdf.ln(4.9)
        pdf.set_left_margin(margin)
        pdf.ln(1.4)

    section("Awards and Fellowships")
    for name, dates in PRIYA_AWARDS:
        dated_line("", name, dates)

    section("Skills")
    for label, items in PRIYA_SKILLS:
        font("B", 9.5)
        pdf.write(5, f"{label}: ")
        font("", 9.5)
        pdf.write(5, fix(items))
        pdf.ln(5)

    pdf.output(str(path))


# ---------------------------------------------------------------------------------------
# 06: two-column industry resume (PDF), left sidebar
# ---------------------------------------------------------------------------------------

KWAME_CONTACT = [
    "Toronto, ON, Canada",
    "kwame.asante@example.com",
    "+1 (437) 555-0117",
    "linkedin.com/in/kasante-data",
]
KWAME_SKILLS = [
    "Python, SQL, Scala",
    "Spark, Flink, Kafka",
    "dbt, Airflow, Dagster",
    "BigQuery, Snowflake, Trino",
    "Data modelling & governance",
    "Team leadership, hiring",
]
KWAME_EDUCATION = [
    ("M.Sc. Applied Computing", "U of T", "2018 - 2019"),
    ("B.Sc. Computer Science (First Class)",
     "Kwame Nkrumah University of Science and Technology (KNUST), Kumasi", "2010 - 2014"),
]
KWAME_LANGUAGES = ["English (native)", "Twi (native)", "French (working)"]
KWAME_COMMUNITY = ["Mentor, Toronto Youth Code Club (2021 - present)",
                   "Organiser, Toronto Data Engineering Meetup (since 2022)"]
KWAME_INTERESTS = ["Distance running, highlife guitar, chess"]

KWAME_EXPERIENCE = [
    ("Staff Data Engineer", "Shopify", "Toronto, ON", "Apr. 2022 - present", [
        "Own the merchant-analytics lakehouse (4 PB, 1,800 daily dbt models) and its on-call "
        "rotation.",
        "Designed the data contracts programme adopted by 30+ producer teams; broken upstream "
        "schema changes fell by 70%.",
        "Lead a guild of twelve engineers; sponsor the internal data-quality working group.",
    ]),
    ("Senior Data Engineer", "Shopify", "Toronto, ON", "Sep. 2019 - Mar. 2022", [
        "Rebuilt checkout event ingestion on Kafka and Flink; end-to-end freshness from 3 h "
        "to 6 min.",
        "Migrated 400 legacy Spark jobs off Google BigQuery exports with zero missed SLAs.",
    ]),
    ("Data Engineer", "Baobab Payments", "Accra, Ghana", "Jan. 2016 - Jul. 2018", [
        "First data hire: built the reconciliation warehouse for mobile-money transfers "
        "across four West African markets.",
        "Worked with MTN Mobile Money and Ecobank integration teams on settlement reports.",
    ]),
    ("Business Intelligence Analyst", "MTN Ghana", "Accra, Ghana", "Aug. 2014 - Dec. 2015", [
        "Churn dashboards and weekly revenue reporting for the prepaid division.",
    ]),
]
KWAME_TALKS = [
    "\"Data contracts that engineers actually keep\", Data Council, Austin, TX, 2023.",
    "\"Reconciling mobile money at scale\", PyCon Africa (online), 2020.",
]
KWAME_PROJECTS = [
    ("ledgerlint", "open-source linter for double-entry ledgers in SQL (1.2k GitHub stars)."),
    ("Certifications", "Google Cloud Professional Data Engineer (2021); "
                       "Databricks Certified Data Engineer Professional (2023)."),
]


def build_kwame(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="letter", unit="mm")
    _pdf_metadata(pdf, "Kwame Asante - Resume", "Kwame Asante")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    page_w, page_h = pdf.w, pdf.h
    side_w = 66.0
    pad = 7.0
    main_x = side_w + 8.0
    main_w = page_w - main_x - 12.0

    # Sidebar background and name banner
    pdf.set_fill_color(31, 58, 77)
    pdf.rect(0, 0, side_w, page_h, style="F")

    # --- main column first in the content stream: name, summary, experience
    pdf.set_text_color(31, 58, 77)
    pdf.set_font("Helvetica", "B", 24)
    pdf.set_xy(main_x, 14)
    pdf.cell(main_w, 10, "Kwame Asante", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11.5)
    pdf.set_text_color(90, 90, 90)
    pdf.set_x(main_x)
    pdf.cell(main_w, 6, "Staff Data Engineer | Analytics platforms & streaming pipelines",
             new_x="LMARGIN", new_y="NEXT")

    pdf.set_left_margin(main_x)
    pdf.set_right_margin(page_w - main_x - main_w)

    def main_heading(title: str) -> None:
        pdf.ln(4)
        pdf.set_x(main_x)
        pdf.set_font("Helvetica", "B", 12)
        pdf.set_text_color(31, 58, 77)
        pdf.cell(main_w, 6.5, title.upper(), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(200, 120, 40)
        pdf.set_line_width(0.6)
        pdf.line(main_x, pdf.get_y(), main_x + 18, pdf.get_y())
        pdf.ln(2)
        pdf.set_text_color(30, 30, 30)

    main_heading("Summary")
    pdf.set_font("Helvetica", "", 9.5)
    pdf.multi_cell(main_w, 4.7,
                   "Data engineer with ten years of experience in payments and commerce data, "
                   "from the first warehouse at a West African fintech to a multi-petabyte "
                   "lakehouse. I care about data contracts, cheap reliability and growing "
                   "engineers.", align="L", new_x="LMARGIN", new_y="NEXT")

    main_heading("Experience")
    for title, company, place, dates, bullets in KWAME_EXPERIENCE:
        y = pdf.get_y()
        pdf.set_font("Helvetica", "", 9)
        pdf.set_text_color(110, 110, 110)
        pdf.set_xy(main_x, y)
        pdf.cell(main_w, 5, dates, align="R")
        pdf.set_xy(main_x, y)
        pdf.set_text_color(30, 30, 30)
        pdf.set_font("Helvetica", "B", 10.5)
        pdf.cell(main_w - 40, 5, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "I", 9.5)
        pdf.set_text_color(200, 120, 40)
        pdf.cell(main_w, 4.8, f"{company} - {place}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(30, 30, 30)
        pdf.set_font("Helvetica", "", 9.2)
        for b in bullets:
            pdf.set_x(main_x + 2)
            pdf.cell(3.5, 4.5, "-")
            pdf.multi_cell(main_w - 5.5, 4.5, b, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    main_heading("Projects & Certifications")
    for name, text in KWAME_PROJECTS:
        pdf.set_x(main_x)
        pdf.set_font("Helvetica", "B", 9.2)
        pdf.write(4.6, name + ": ")
        pdf.set_font("Helvetica", "", 9.2)
        pdf.write(4.6, text)
        pdf.ln(5.5)

    main_heading("Selected Talks")
    pdf.set_font("Helvetica", "", 9.2)
    for talk in KWAME_TALKS:
        pdf.set_x(main_x + 2)
        pdf.cell(3.5, 4.5, "-")
        pdf.multi_cell(main_w - 5.5, 4.5, talk, align="L", new_x="LMARGIN", new_y="NEXT")

    # --- sidebar: contact, skills, education, languages, community
    pdf.set_left_margin(pad)
    pdf.set_right_margin(page_w - side_w + pad)
    inner = side_w - 2 * pad
    pdf.set_xy(pad, 16)

    def side_heading(title: str) -> None:
        pdf.set_x(pad)
        pdf.set_font("Helvetica", "B", 10.5)
        pdf.set_text_color(255, 196, 120)
        pdf.cell(inner, 6, title.upper(), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(240, 240, 240)
        pdf.ln(0.8)

    def side_lines(lines: list[str], style: str = "", size: float = 8.8) -> None:
        pdf.set_font("Helvetica", style, size)
        for line in lines:
            pdf.set_x(pad)
            pdf.multi_cell(inner, 4.4, line, align="L", new_x="LMARGIN", new_y="NEXT")

    side_heading("Contact")
    side_lines(KWAME_CONTACT)
    pdf.ln(5)
    side_heading("Skills")
    side_lines(KWAME_SKILLS)
    pdf.ln(5)
    side_heading("Education")
    for degree, school, dates in KWAME_EDUCATION:
        side_lines([degree], "B")
        side_lines([school])
        side_lines([dates], "I", 8.4)
        pdf.ln(2.5)
    pdf.ln(2.5)
    side_heading("Languages")
    side_lines(KWAME_LANGUAGES)
    pdf.ln(5)
    side_heading("Community")
    side_lines(KWAME_COMMUNITY)
    pdf.ln(5)
    side_heading("Interests")
    side_lines(KWAME_INTERESTS)

    pdf.output(str(path))


# ---------------------------------------------------------------------------------------
# 07: economics CV (DOCX)
# ---------------------------------------------------------------------------------------

ELINA = "Virtanen, E."

ELINA_EMPLOYMENT = [
    ("2021–present", "Assistant Professor of Economics, Aalto University School of Business, "
                     "Espoo, Finland"),
    ("Aug.–Dec. 2023", "Visiting Scholar, Department of Economics, University of California, "
                       "Berkeley"),
    ("2017–2019", "Research Assistant to Prof. Ian Whitfield, Department of Economics, LSE"),
    ("2014–2016", "Economist, Monetary Policy and Research Department, Bank of Finland, "
                  "Helsinki"),
]
ELINA_EDUCATION = [
    ("2016–2021", "Ph.D. in Economics", "London School of Economics and Political Science (LSE)"),
    ("Jan.–Jun. 2019", "Visiting Ph.D. student", "Stockholm School of Economics"),
    ("2012–2014", "M.Sc. in Economics", "University of Helsinki"),
    ("2009–2012", "B.Sc. in Economics", "University of Helsinki"),
]
ELINA_PUBLICATIONS = [
    ("Laine, M., Sørensen, K., and Virtanen, E.", " (2024). “Carbon Taxes and the Adoption of "
     "Heat Pumps: Evidence from Finnish Housing.” ",
     "Journal of Environmental Economics and Management", " 124: 102931."),
    ("Virtanen, E.", " (2023). “Heating Subsidies and the Rebound Effect.” ",
     "The Energy Journal", " 44(2): 145–172."),
    ("Mäkinen, O. and Virtanen, E.", " (2022). “Electricity Price Shocks and Household "
     "Saving.” ", "Scandinavian Journal of Economics", " 124(4): 1019–1047."),
]
ELINA_WORKING = [
    ("Who Pays for the Grid? Distributional Effects of Network Tariff Reform",
     " (with Marco Bellini and Lucía Fernández Ruiz), 2024. Revise and resubmit, ",
     "Journal of the Association of Environmental and Resource Economists", "."),
    ("Dynamic Pricing and Inattention: Evidence from Hourly Electricity Contracts",
     " (with Oskari Mäkinen and Hannah Kessler), 2023.", "", ""),
    ("Green Mortgages and Energy-Efficiency Upgrades",
     " (with Kristoffer Sørensen), 2023. Bank of Finland Research Discussion Paper 7/2023.",
     "", ""),
]
ELINA_IN_PROGRESS = [
    "“Heat Pumps in Apartment Blocks: A Field Experiment” (with Aino Korhonen)",
    "“The Incidence of Fuel Taxes in Sparsely Populated Regions”",
]
ELINA_GRANTS = [
    ("2022–2025", "Yrjö Jahnsson Foundation, “Heat pumps and the distribution grid”, "
                  "EUR 120,000 (co-PI: Petteri Huttunen)"),
    ("2020", "LSE Ph.D. Studentship and Grantham Research Institute travel grant"),
]
ELINA_TEACHING = [
    ("2022–present", "Environmental Economics (BSc), Aalto University School of Business"),
    ("2021–present", "Applied Econometrics (MSc), Aalto University School of Business"),
    ("2017–2020", "Graduate Teaching Assistant, EC220 Introduction to Econometrics, LSE"),
]
ELINA_SEMINARS = [
    ("2024", "EAERE Annual Conference (Leipzig); VATT Institute for Economic Research; "
             "Bank of Finland"),
    ("2023", "UC Berkeley Energy Camp; NBER Summer Institute, Environment and Energy "
             "(discussant)"),
    ("2021", "Job market: Stockholm School of Economics; Aalto; Norwegian School of Economics"),
]
ELINA_REFEREES = ("Journal of Public Economics, Energy Economics, Journal of the Association "
                  "of Environmental and Resource Economists, The Energy Journal")
ELINA_SERVICE = [
    ("2023–present", "Member, working group on household energy, Finnish Climate Change Panel"),
    ("2022–present", "Organiser, Helsinki Environmental Economics Workshop"),
]
ELINA_SKILLS = [
    "Software: Stata, R, Python, Julia, Git",
    "Languages: Finnish (native), Swedish (fluent), English (fluent), German (basic)",
    "Citizenship: Finland",
]
ELINA_REFERENCES = [
    "Ian Whitfield, Professor of Economics, London School of Economics, "
    "i.whitfield@example.ac.uk",
    "Sofia Marchetti, Associate Professor of Economics, London School of Economics, "
    "s.marchetti@example.ac.uk",
    "Oskari Mäkinen, Senior Economist, Bank of Finland, oskari.makinen@example.fi",
]


def build_elina(path: Path) -> None:
    import docx
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    doc = docx.Document()
    props = doc.core_properties
    props.author = "Elina Virtanen"
    props.title = "Curriculum Vitae"
    props.subject = "Curriculum vitae"
    props.keywords = "CV"
    props.comments = ""
    props.last_modified_by = "Elina Virtanen"
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1

    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2.0)

    doc.add_paragraph("Elina Virtanen", style="Title")
    doc.add_paragraph("Assistant Professor of Economics, Department of Economics, "
                      "Aalto University School of Business")
    doc.add_paragraph("Ekonominaukio 1, 02150 Espoo, Finland · elina.virtanen@example.fi · "
                      "+358 50 555 0193 · elinavirtanen.example.fi")

    def dated(date: str, text: str) -> None:
        p = doc.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Cm(3.6), WD_TAB_ALIGNMENT.LEFT)
        p.paragraph_format.left_indent = Cm(3.6)
        p.paragraph_format.first_line_indent = Cm(-3.6)
        p.paragraph_format.space_after = Pt(2)
        p.add_run(date + "\t")
        p.add_run(text)

    doc.add_heading("Employment", level=1)
    for date, text in ELINA_EMPLOYMENT:
        dated(date, text)

    doc.add_heading("Education", level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, ("Years", "Degree", "Institution")):
        cell.paragraphs[0].add_run(label).bold = True
    for years, degree, school in ELINA_EDUCATION:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = years, degree, school
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(3.2), Cm(4.6), Cm(8.8))):
            cell.width = width
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(6)
    p.add_run("Dissertation: ").bold = True
    p.add_run("Essays on Household Energy Demand. ")
    p.add_run("Committee: ").bold = True
    p.add_run("Ian Whitfield (chair), Sofia Marchetti, Raj Mehta.")

    doc.add_heading("Fields", level=1)
    doc.add_paragraph("Primary: environmental and energy economics. Secondary: public "
                      "economics, applied microeconometrics.")

    doc.add_heading("Publications", level=1)
    for authors, middle, journal, tail in ELINA_PUBLICATIONS:
        p = doc.add_paragraph(style="List Number")
        before, _, after = authors.partition(ELINA)
        if before:
            p.add_run(before)
        p.add_run(ELINA).bold = True
        if after:
            p.add_run(after)
        p.add_run(middle)
        p.add_run(journal).italic = True
        p.add_run(tail)

    doc.add_heading("Working Papers", level=1)
    for title, note, journal, tail in ELINA_WORKING:
        p = doc.add_paragraph(style="List Bullet")
        p.add_run("“" + title + "”")
        p.add_run(note)
        if journal:
            p.add_run(journal).italic = True
        if tail:
            p.add_run(tail)

    doc.add_heading("Work in Progress", level=1)
    for item in ELINA_IN_PROGRESS:
        doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("Grants and Fellowships", level=1)
    for date, text in ELINA_GRANTS:
        dated(date, text)

    doc.add_heading("Teaching", level=1)
    for date, text in ELINA_TEACHING:
        dated(date, text)

    doc.add_heading("Seminars and Conferences", level=1)
    for date, text in ELINA_SEMINARS:
        dated(date, text)

    doc.add_heading("Referee Service", level=1)
    doc.add_paragraph(ELINA_REFEREES)

    doc.add_heading("Service and Policy Engagement", level=1)
    for date, text in ELINA_SERVICE:
        dated(date, text)

    doc.add_heading("Skills and Other Information", level=1)
    for item in ELINA_SKILLS:
        doc.add_paragraph(item)

    doc.add_heading("References", level=1)
    for ref in ELINA_REFERENCES:
        doc.add_paragraph(ref, style="List Bullet")

    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(_normalise_zip(buffer.getvalue()))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed member timestamps, so the bytes do not depend on the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


BUILDERS = {
    "05_priya_raghunathan.pdf": build_priya,
    "06_kwame_asante.pdf": build_kwame,
    "07_elina_virtanen.docx": build_elina,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate kg's binary sample CVs.")
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: here)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        target = args.out / name
        build(target)
        print(f"wrote {target} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
