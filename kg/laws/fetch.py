"""Fetch a regulation version as BWB toestand XML from the official repository.

The repository of officiele-overheidspublicaties.nl keeps every version of every regulation
at ``{base}/{BWB}/{date}_0/xml/{BWB}_{date}_0.xml`` (``date`` = the version's first day in
force) and lists the newest in ``{base}/{BWB}/manifest.xml`` (attribute ``_latestItem``).
The base URL is configurable (``KG_BWB_REPOSITORY``; a ``file://`` URL works for offline
tests). A fetched file is validated against the BWB-toestand XSD before it is stored.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from lxml import etree

from kg import atomic
from kg.laws import bwbxml
from kg.laws.model import Version

DEFAULT_REPOSITORY = "https://repository.officiele-overheidspublicaties.nl/bwb"
BWB_ID = re.compile(r"^BWB[RV]\d{7}$")
TIMEOUT = 60


class FetchError(Exception):
    """The version could not be fetched or is not valid; the message says why (Dutch)."""


def repository() -> str:
    """The repository base URL (``KG_BWB_REPOSITORY`` or the official one)."""
    return os.environ.get("KG_BWB_REPOSITORY", DEFAULT_REPOSITORY).rstrip("/")


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) or file by configuration)
            return response.read()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise FetchError(f"{url} niet bereikbaar ({getattr(exc, 'reason', exc)}); is deze machine online?") from exc


def version_url(base: str, bwb: str, day: date | None) -> str:
    """The URL of the toestand starting on ``day``, or of the newest one (read from the manifest)."""
    if day is not None:
        return f"{base}/{bwb}/{day.isoformat()}_0/xml/{bwb}_{day.isoformat()}_0.xml"
    manifest = etree.fromstring(_get(f"{base}/{bwb}/manifest.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    latest = manifest.get("_latestItem")
    if not latest:
        raise FetchError(f"{base}/{bwb}/manifest.xml noemt geen nieuwste versie (_latestItem)")
    return f"{base}/{bwb}/{latest.lstrip('/')}"


def fetch(bwb: str, day: date | None, schema_file: Path, target_dir: Path, base: str | None = None) -> tuple[Version, Path]:
    """Fetch, validate and store one version; returns it and the file written."""
    if not BWB_ID.match(bwb):
        raise FetchError(f"ongeldig BWB-id {bwb!r}: verwacht bv. BWBR0034925")
    if not schema_file.exists():
        raise FetchError(f"XSD {schema_file} ontbreekt: zonder schema wordt niets ingelezen")
    url = version_url(base or repository(), bwb, day)
    body = _get(url)
    try:
        tree = bwbxml.parse(body)
        bwbxml.validate(tree, bwbxml.load_schema(schema_file))
    except bwbxml.InvalidBwbXml as exc:
        raise FetchError(f"{url}: {exc}") from exc
    root = tree.getroot()
    if root.get("bwb-id") != bwb:
        raise FetchError(f"{url}: bevat {root.get('bwb-id')!r} in plaats van {bwb}")
    name = f"{bwb}_{root.get('inwerkingtreding')}.xml"
    # Staged and switched in by one rename (kg.atomic): a kill or a full disk leaves the old file or the new one.
    with atomic.transaction(target_dir) as txn:
        staged = txn.path(name)
        staged.write_bytes(body)
        atomic.fault_point(f"write:{name}")
    path = target_dir / name
    return bwbxml.version_from_tree(tree, path), path
