"""What a rebuild can reuse: extractions keyed by file content, document graphs keyed by
everything they depend on. Both live under the output folder (``OUT/.kg/``).

An extraction's key is the SHA-256 of the file's bytes together with a digest of the
reading and extracting code and data (``kg/readers``, ``kg/extract``, ``kg/data`` …), so
editing an extractor invalidates every entry without anyone bumping a version. A file
that moved keeps its entry: the cached extraction is given the new path. Entries are
versioned pickles written atomically; one that cannot be read is treated as missing.
An extraction is kept packed (``kg.model.PackedExtraction``): a rebuild reads what it
asks of every document without unpickling each one's records.

>>> import tempfile
>>> from kg.model import Document
>>> cache = ExtractionCache(tempfile.mkdtemp())
>>> cache.get(b"Jane Doe", "cv.txt") is None
True
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Union

from kg.model import PackedExtraction
from kg.parallel import Failure
from kg.readers import source_name

FORMAT = 2
Outcome = Union[PackedExtraction, Failure]
#: Beside the entries: each file's status when last read, and its entry's key.
FILES = "files.pickle"
#: A file changed less than this before it was looked at is read again.
_RACY_NS = 2_000_000_000


class ExtractionCache:
    """Extractions (and failures) by file content, in ``folder/ab/abcdef….pickle``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.used: set[str] = set()
        self.hits = 0
        #: each cached extraction's ``document_people`` (by document checksum), when its entry
        #: kept them for the resolution code of today
        self.people: dict[str, tuple] = {}
        self._known_files: Optional[dict] = None  # path -> status, when looked, key (last build)
        self._looked: dict[str, tuple] = {}  # path -> status and when, looked at before reading
        self._seen: dict[str, tuple] = {}  # what this build knows for the next one

    def key(self, data: bytes) -> str:
        return hashlib.sha256(extraction_code_digest().encode() + hashlib.sha256(data).digest()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, data: bytes, source: str, path: Optional[Path] = None) -> Optional[Outcome]:
        """The cached outcome for these bytes, as if read from ``source``; None when unknown.
        With the ``path`` they were read from (looked at by ``recall`` first), the file's
        status is kept for the next build."""
        key = self.key(data)
        if path is not None and str(path) in self._looked:
            self._seen[str(path)] = (*self._looked[str(path)], key)
        return self._get(key, source)

    def _get(self, key: str, source: str) -> Optional[Outcome]:
        self.used.add(key)
        try:
            with open(self._path(key), "rb") as handle:
                version, outcome, *rest = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            return None
        if version != FORMAT:
            return None
        self.hits += 1
        if len(rest) == 2 and rest[0] == people_code_digest() and isinstance(outcome, PackedExtraction):
            self.people[outcome.document.checksum] = rest[1]
        return relocate(outcome, source)

    def recall(self, path: Path, max_bytes: int) -> Optional[Outcome]:
        """The cached outcome for the file at ``path`` without reading it, when the file's
        status (size, modification and change times, inode, device) is what the last build
        saw and the file had not changed in the two seconds before it looked (a change in the
        same clock tick could leave the times as they were). Like git's index: a rebuild of
        10,000 CVs had spent 1.5-2 s reading and hashing files that had not changed."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        now = time.time_ns()
        status = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
        self._looked[str(path)] = (*status, now)
        known = self._files().get(str(path))
        if (known is None or tuple(known[:5]) != status or info.st_size > max_bytes
                or status[2] >= known[5] - _RACY_NS):
            return None
        outcome = self._get(known[6], source_name(path))
        if isinstance(outcome, PackedExtraction) and outcome.document.checksum not in self.people:
            return None  # its people are not kept for today's resolution code: read it
        if outcome is not None:
            self._seen[str(path)] = known
        return outcome

    def _files(self) -> dict:
        if self._known_files is None:
            try:
                version, files = pickle.loads((self.folder / FILES).read_bytes())
            except Exception:  # a missing, truncated or foreign file: no file is known
                version, files = None, {}
            self._known_files = files if version == (FORMAT, extraction_code_digest()) and isinstance(files, dict) \
                else {}
        return self._known_files

    def save_files(self) -> None:
        """Keep the status of every file this build read, for the next build's ``recall``."""
        _write_atomic(self.folder / FILES, pickle.dumps(((FORMAT, extraction_code_digest()), self._seen),
                                                        protocol=pickle.HIGHEST_PROTOCOL))

    def put(self, data: bytes, outcome: Outcome, people: Optional[tuple] = None) -> None:
        """Keep ``outcome`` (an extraction packed: ``kg.resolve.merge.pack``) for ``data``,
        with its ``document_people`` when given."""
        key = self.key(data)
        self.used.add(key)
        entry = (FORMAT, outcome) if people is None else (FORMAT, outcome, people_code_digest(), people)
        _write_atomic(self._path(key), pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self) -> int:
        """Drop the entries this build did not use (deleted or changed files); how many."""
        dropped = 0
        for path in self.folder.glob("*/*.pickle"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                dropped += 1
        return dropped


GROUPS = "groups.pickle"


def group_memo(folder: Path):
    """The surname groups' clusters an earlier build kept in ``folder`` (a
    ``kg.resolve.people.GroupMemo``; empty when the name code changed or the file is damaged)."""
    from kg.resolve.people import GroupMemo

    try:
        version, known = pickle.loads((Path(folder) / GROUPS).read_bytes())
    except Exception:  # a missing, truncated or foreign file: nothing is known
        return GroupMemo()
    if version != _groups_version() or not isinstance(known, dict):
        return GroupMemo()
    return GroupMemo(known)


def keep_groups(folder: Path, memo) -> None:
    """Keep the groups this build used for the next one."""
    _write_atomic(Path(folder) / GROUPS, pickle.dumps((_groups_version(), memo.used), protocol=5))


def _groups_version() -> str:
    return extraction_code_digest() + people_code_digest()


def relocate(outcome: Outcome, source: str):
    """The outcome as if its file had been read from ``source`` (paths are not in the key)."""
    if isinstance(outcome, Failure):
        return Failure(source, outcome.reason)
    old = outcome.document.source
    if old == source:
        return outcome
    from kg.resolve.merge import pack

    return pack(_replace_source(outcome.unpacked(), old, source))


def _replace_source(value, old: str, new: str):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if field.name == "source" and item == old:
                changes[field.name] = new
            elif isinstance(item, (tuple, list)) or dataclasses.is_dataclass(item):
                replaced = _replace_source(item, old, new)
                if replaced is not item:
                    changes[field.name] = replaced
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, (tuple, list)):
        items = [_replace_source(item, old, new) for item in value]
        if isinstance(value, tuple) and all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(items)
    if isinstance(value, str) and value.startswith(f"{old}: "):
        return new + value[len(old):]  # warnings name their file
    return value


@lru_cache(maxsize=1)
def extraction_code_digest() -> str:
    """A digest of the code and data that turn bytes into an Extraction."""
    root = Path(__file__).resolve().parent
    files: Iterable[Path] = sorted(
        [*root.glob("readers/*.py"), *root.glob("extract/*.py"), *root.glob("data/*"),
         root / "model.py", root / "folding.py", root / "errors.py", root / "resolve" / "orgs.py"])
    digest = hashlib.sha256(f"{FORMAT}".encode())
    for path in files:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def people_code_digest() -> str:
    """A digest of the code that makes ``kg.resolve.merge.document_people`` of an extraction."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("resolve/*.py"), root / "extract" / "names.py", root / "folding.py"]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _write_atomic(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
