"""Assertions on served HTML: it parses as valid HTML5 and has a title."""

from __future__ import annotations

import html5lib


def assert_valid_html(body: bytes | str) -> None:
    """Parse strictly with html5lib: any parse error (unclosed or misnested tags, bad doctype…) fails."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(body)
    title = document.find("head/title")
    assert title is not None and (title.text or "").strip(), "page has no <title>"
    ids = [el.get("id") for el in document.iter() if el.get("id")]
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}"


def assert_controls_labelled(body: bytes | str) -> None:
    """Every visible form control has a label: ``<label for=…>`` or an enclosing ``<label>``."""
    document = html5lib.parse(body, namespaceHTMLElements=False)
    controls = [el for el in document.iter() if el.tag in ("input", "select", "textarea")
                and el.get("type") not in ("hidden", "submit", "button")]
    labelled = {el.get("for") for el in document.iter("label")}
    inside = {id(el) for label in document.iter("label") for el in label.iter()}
    missing = [el.get("name") or el.get("id") for el in controls
               if id(el) not in inside and el.get("id") not in labelled and not el.get("aria-label")]
    assert not missing, f"controls without a label: {missing}"


def title_of(body: bytes) -> str:
    document = html5lib.parse(body, namespaceHTMLElements=False)
    return (document.find("head/title").text or "").strip()
