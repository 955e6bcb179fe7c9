"""Reader for BWB *toestand* XML, the official format of every Dutch regulation version.

A file holds one version (``<toestand bwb-id=… inwerkingtreding=…>``) of one regulation;
``<artikel>`` elements carry ``<kop><nr>``, leden (``<lid><lidnr>``), paragraphs (``<al>``) and
lists (``<lijst><li><li.nr>``). :func:`validate` checks a file against the BWB-toestand XSD
(``toestand_2016-1.xsd`` and its includes) with lxml; :func:`read` validates first when a
schema is given. Metadata (``<meta-data>``: JCI references, sources) is not text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from kg.laws.model import Article, Lid, Onderdeel, Version, normalise_text

FORMAT = "bwb-toestand-xml"
SCHEMA_FILE = "toestand_2016-1.xsd"
_SKIP = {"meta-data", "kop", "lidnr", "li.nr", "redactie"}


class InvalidBwbXml(ValueError):
    """The file is not well-formed or does not validate against the BWB-toestand schema."""


def load_schema(xsd: Path) -> etree.XMLSchema:
    """The BWB-toestand schema from ``xsd`` (its includes are looked up beside it)."""
    return etree.XMLSchema(etree.parse(str(xsd)))


def validate(tree: etree._ElementTree, schema: etree.XMLSchema) -> None:
    """Raise :class:`InvalidBwbXml` naming the first errors when ``tree`` does not validate."""
    if not schema.validate(tree):
        errors = "; ".join(f"r. {e.line}: {e.message}" for e in list(schema.error_log)[:3])
        raise InvalidBwbXml(f"voldoet niet aan het BWB-toestandschema: {errors}")


def parse(source: Path | bytes) -> etree._ElementTree:
    """Parse a file or bytes as XML; raises :class:`InvalidBwbXml` when not well-formed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        if isinstance(source, bytes):
            return etree.ElementTree(etree.fromstring(source, parser))
        return etree.parse(str(source), parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidBwbXml(f"geen geldige XML: {exc}") from exc


def _text(element: etree._Element) -> str:
    """The running text of an element without its metadata and numbering."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag not in _SKIP:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return normalise_text("".join(parts))


def _items(lijst: etree._Element) -> list[Onderdeel]:
    """The items of a list; an item without a number (definition lists) keeps an empty number."""
    items = []
    for li in lijst.findall("li"):
        nr = li.findtext("li.nr") or ""
        body = [_text(child) for child in li if isinstance(child.tag, str) and child.tag not in _SKIP]
        items.append(Onderdeel(number=nr.strip().rstrip(".)").strip(), text=" ".join(f"{nr.strip()} {' '.join(b for b in body if b)}".split())))
    return items


def _child_blocks(child: etree._Element, into: list[Onderdeel] | None) -> list[str]:
    """The paragraph texts of one child element; list items are also collected into ``into``."""
    if not isinstance(child.tag, str) or child.tag in _SKIP:
        return []
    if child.tag == "lijst":
        items = _items(child)
        if into is not None:
            into += [item for item in items if item.number]
        return [item.text for item in items]
    text = _text(child)
    return [text] if text else []


def read_article(element: etree._Element) -> Article:
    """One ``<artikel>`` as an article with its leden and onderdelen."""
    number = (element.findtext("kop/nr") or "").strip()
    article = Article(number=number, text="")
    texts: list[str] = []
    for child in element:
        if child.tag == "lid":
            lidnr = (child.findtext("lidnr") or "").strip().rstrip(".")
            lid = Lid(number=lidnr, text="")
            blocks = [b for grandchild in child for b in _child_blocks(grandchild, lid.onderdelen)]
            lid.text = "\n".join([f"{lidnr}. {blocks[0]}"] + blocks[1:]) if blocks else f"{lidnr}."
            article.leden.append(lid)
            texts.append(lid.text)
        else:
            texts += _child_blocks(child, article.onderdelen)
    article.text = "\n".join(texts)
    return article


def read(path: Path, schema: etree.XMLSchema | None = None) -> Version:
    """One version from a BWB toestand file, validated against ``schema`` when given."""
    tree = parse(path)
    if schema is not None:
        validate(tree, schema)
    return version_from_tree(tree, path)


def version_from_tree(tree: etree._ElementTree, path: Path) -> Version:
    """The version a parsed toestand tree holds."""
    root = tree.getroot()
    if root.tag != "toestand" or not root.get("bwb-id") or not root.get("inwerkingtreding"):
        raise InvalidBwbXml(f"{path.name}: geen BWB-toestand (bwb-id en inwerkingtreding ontbreken)")
    version = Version(bwb=root.get("bwb-id"), valid_from=date.fromisoformat(root.get("inwerkingtreding")), source=path,
                      format=FORMAT, title=(root.findtext(".//citeertitel") or "").strip() or None)
    for element in root.iter("artikel"):
        if element.getparent() is not None and element.getparent().tag == "wijzig-divisie":
            continue  # an amendment quoted in the text, not an article of this regulation
        article = read_article(element)
        if article.number:
            version.articles[article.number] = article
    return version
