"""Read and check the region CSV files: veiligheidsregio's and municipalities.

A file is recognised by its header: ``veiligheidsregiocode,naam`` is the list of
veiligheidsregio's, ``gemeentecode,naam,veiligheidsregiocode`` the municipalities with
their veiligheidsregio. Every problem is reported with file and line number; when
there is any problem, nothing is returned (the importer then writes nothing).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

SAFETY_REGION_COLUMNS = ("veiligheidsregiocode", "naam")
MUNICIPALITY_COLUMNS = ("gemeentecode", "naam", "veiligheidsregiocode")
# ASCII only: \d would also accept other scripts' digits (GM١٢٣٤) and $ a trailing newline.
SAFETY_REGION_CODE = re.compile(r"VR[0-9]{2}", re.ASCII)
MUNICIPALITY_CODE = re.compile(r"GM[0-9]{4}", re.ASCII)


@dataclass(frozen=True)
class Problem:
    """One malformed row or file, with where it is."""

    file: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file.name}:{self.line}: {self.message}" if self.line else f"{self.file.name}: {self.message}"


class RegionInputError(ValueError):
    """The input files are malformed; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class SourceFile:
    """An input file: its name and SHA-256 (for the provenance node)."""

    path: Path
    sha256: str


@dataclass(frozen=True)
class SafetyRegion:
    code: str
    name: str


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    region: str


@dataclass
class RegionTables:
    """The checked content of the input files."""

    safety_regions: list[SafetyRegion] = field(default_factory=list)
    municipalities: list[Municipality] = field(default_factory=list)
    safety_region_file: SourceFile | None = None
    municipality_file: SourceFile | None = None


def _rows(path: Path, problems: list[Problem]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, fields) of every non-empty row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(path, 0, f"het bestand is geen UTF-8 ({exc.reason} bij byte {exc.start})"))
        return [], []
    reader = csv.reader(text.splitlines())
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        if not header:
            header = [f.strip() for f in fields]
        else:
            rows.append((reader.line_num, [f.strip() for f in fields]))
    return header, rows


def _records(path: Path, columns: tuple[str, ...], header: list[str], rows: list[tuple[int, list[str]]],
             problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """Rows as column → value, with missing columns and empty values reported."""
    missing = [c for c in columns if c not in header]
    if missing:
        problems.append(Problem(path, 1, f"kolom {', '.join(repr(c) for c in missing)} ontbreekt in de kopregel "
                                         f"(verwacht: {','.join(columns)})"))
        return []
    records = []
    for line, fields in rows:
        if len(fields) != len(header):
            problems.append(Problem(path, line, f"{len(fields)} velden, verwacht {len(header)} ({','.join(header)})"))
            continue
        record = dict(zip(header, fields))
        empty = [c for c in columns if not record[c]]
        if empty:
            problems.append(Problem(path, line, f"lege waarde in kolom {', '.join(repr(c) for c in empty)}"))
            continue
        records.append((line, record))
    return records


def _check_code(path: Path, line: int, code: str, pattern: re.Pattern[str], example: str,
                problems: list[Problem]) -> bool:
    if pattern.fullmatch(code):
        return True
    problems.append(Problem(path, line, f"ongeldige code {code!r} (verwacht de vorm {example})"))
    return False


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_tables(paths: list[Path]) -> RegionTables:
    """Read and check the given files; raises :class:`RegionInputError` listing every problem."""
    problems: list[Problem] = []
    tables = RegionTables()
    parsed: dict[str, tuple[Path, list[str], list[tuple[int, list[str]]]]] = {}
    for path in paths:
        if not path.is_file():
            problems.append(Problem(path, 0, "bestand niet gevonden"))
            continue
        header, rows = _rows(path, problems)
        kind = "municipalities" if "gemeentecode" in header else "regions" if "veiligheidsregiocode" in header else None
        if kind is None:
            problems.append(Problem(path, 1, "onbekende kopregel: verwacht "
                                             f"'{','.join(SAFETY_REGION_COLUMNS)}' of '{','.join(MUNICIPALITY_COLUMNS)}'"))
        elif kind in parsed:
            problems.append(Problem(path, 0, f"tweede bestand met dezelfde kolommen als {parsed[kind][0].name}"))
        else:
            parsed[kind] = (path, header, rows)
            if not rows:
                what = "gemeenten" if kind == "municipalities" else "veiligheidsregio's"
                problems.append(Problem(path, 1, f"alleen een kopregel, geen {what}: het bestand is leeg of afgebroken"))
    for kind, columns, what in (("regions", SAFETY_REGION_COLUMNS, "veiligheidsregio's"),
                                ("municipalities", MUNICIPALITY_COLUMNS, "gemeenten")):
        if kind not in parsed:
            problems.append(Problem(Path(f"({what})"), 0,
                                    f"geen bestand met {what} opgegeven (kolommen {','.join(columns)})"))

    region_codes: dict[str, int] = {}
    if "regions" in parsed:
        path, header, rows = parsed["regions"]
        tables.safety_region_file = SourceFile(path, _sha256(path))
        for line, record in _records(path, SAFETY_REGION_COLUMNS, header, rows, problems):
            code = record["veiligheidsregiocode"]
            if not _check_code(path, line, code, SAFETY_REGION_CODE, "VR01", problems):
                continue
            if code in region_codes:
                problems.append(Problem(path, line, f"dubbele veiligheidsregiocode {code} (ook op regel {region_codes[code]})"))
                continue
            region_codes[code] = line
            tables.safety_regions.append(SafetyRegion(code, record["naam"]))

    if "municipalities" in parsed:
        path, header, rows = parsed["municipalities"]
        tables.municipality_file = SourceFile(path, _sha256(path))
        seen: dict[str, int] = {}
        for line, record in _records(path, MUNICIPALITY_COLUMNS, header, rows, problems):
            code, region = record["gemeentecode"], record["veiligheidsregiocode"]
            ok = _check_code(path, line, code, MUNICIPALITY_CODE, "GM0363", problems)
            ok = _check_code(path, line, region, SAFETY_REGION_CODE, "VR01", problems) and ok
            if not ok:
                continue
            if code in seen:
                problems.append(Problem(path, line, f"dubbele gemeentecode {code} (ook op regel {seen[code]})"))
                continue
            seen[code] = line
            if "regions" in parsed and region not in region_codes:
                problems.append(Problem(path, line, f"onbekende veiligheidsregiocode {region} voor {code} {record['naam']}"
                                                    f" (niet in {parsed['regions'][0].name})"))
                continue
            tables.municipalities.append(Municipality(code, record["naam"], region))

    if problems:
        raise RegionInputError(problems)
    tables.safety_regions.sort(key=lambda r: r.code)
    tables.municipalities.sort(key=lambda m: m.code)
    return tables
