r"""Gold facts of a synthetic CV, from what its text actually writes (shared/gold/GUIDELINES.md).

The composer records every name it writes (``Record.org`` / ``Record.person``) and which
organizations are employers, schools, advisors and co-authors; ``gold_tsv`` then writes the
file the shared scorer reads: header ``subject  relation  object``, one distinct object a
line, the other forms the CV writes for it after `` | ``, ``#`` comment lines.

>>> r = Record()
>>> r.worked(3, r.org(3, "Massachusetts Institute of Technology")) and r.org(3, "MIT")
'MIT'
>>> _ = r.coauthor(7, r.person(7, "J. Park")), r.person(7, "Jiwoo Park")
>>> gold_tsv("Ada Okafor", r).splitlines()[1:]
['Ada Okafor\tworked_at\tMassachusetts Institute of Technology | MIT', 'Ada Okafor\tcoauthored_with\tJiwoo Park | J. Park']
"""
from __future__ import annotations


__all__ = ["RELATIONS", "Record", "gold_tsv"]

RELATIONS = ("worked_at", "studied_at", "advised_by", "coauthored_with")


class Record:
    """Every written form of every organization and person in one CV, and the fact roles."""

    def __init__(self) -> None:
        self.org_forms: dict[int, list[str]] = {}
        self.person_forms: dict[int, list[str]] = {}
        self.roles: dict[str, dict[int, None]] = {relation: {} for relation in RELATIONS}  # ordered sets

    def org(self, org_id: int, form: str) -> str:
        forms = self.org_forms.setdefault(org_id, [])
        if form not in forms:
            forms.append(form)
        return form

    def person(self, pid: int, form: str) -> str:
        forms = self.person_forms.setdefault(pid, [])
        if form not in forms:
            forms.append(form)
        return form

    def coauthors(self, forms: list[tuple[int, str]]) -> None:
        """Record people written on an author list (person id, name as written) as co-authors."""
        roles, people = self.roles["coauthored_with"], self.person_forms
        for pid, form in forms:
            roles[pid] = None
            known = people.get(pid)
            if known is None:
                people[pid] = [form]
            elif form not in known:
                known.append(form)

    def _role(self, relation: str, ident: int) -> str:
        self.roles[relation][ident] = None
        return ""

    def worked(self, org_id: int, form: str = "") -> str:
        return self._role("worked_at", org_id) or form

    def studied(self, org_id: int, form: str = "") -> str:
        return self._role("studied_at", org_id) or form

    def advisor(self, pid: int, form: str = "") -> str:
        return self._role("advised_by", pid) or form

    def coauthor(self, pid: int, form: str = "") -> str:
        return self._role("coauthored_with", pid) or form


_PUNCTUATION = str.maketrans("", "", " .,-'’()&")


def _letters(form: str) -> int:
    """How much of a name a form spells out (its length without spaces and punctuation)."""
    return len(form.translate(_PUNCTUATION))


def _org_objects(record: Record, ids: list[int]) -> list[list[str]]:
    out = []
    for org_id in ids:
        forms = record.org_forms[org_id]
        primary = max(forms, key=lambda f: (_letters(f), -forms.index(f)))
        out.append([primary] + [f for f in forms if f != primary])
    return out


def _person_objects(record: Record, ids: list[int]) -> list[list[str]]:
    """One object per person, except that people written identically are one object (a reader
    cannot tell two "W. Wang"s apart); the most complete form first."""
    groups: list[list[str]] = []
    by_form: dict[str, int] = {}
    for pid in ids:
        forms = record.person_forms[pid]
        hit = next((by_form[f] for f in forms if f in by_form), None)
        if hit is None:
            hit = len(groups)
            groups.append([])
        for form in forms:
            if form not in by_form:
                by_form[form] = hit
                groups[hit].append(form)
    out = []
    for forms in groups:
        primary = forms[0] if len(forms) == 1 else \
            max(forms, key=lambda f: (_letters(f), "," not in f, -forms.index(f)))
        out.append([primary] + [f for f in forms if f != primary])
    return out


def gold_tsv(subject: str, record: Record, comments: tuple[str, ...] = ()) -> str:
    """The gold file of one CV (``subject`` is the owner's name as the header gives it)."""
    lines = ["subject\trelation\tobject", *(f"# {c}" for c in comments)]
    for relation in RELATIONS:
        ids = list(record.roles[relation])
        objects = (_org_objects if relation in ("worked_at", "studied_at") else _person_objects)(record, ids)
        lines += [f"{subject}\t{relation}\t{' | '.join(forms)}" for forms in objects]
    return "\n".join(lines) + "\n"
