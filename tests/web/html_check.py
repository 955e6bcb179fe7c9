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


def title_of(body: bytes) -> str:
    document = html5lib.parse(body, namespaceHTMLElements=False)
    return (document.find("head/title").text or "").strip()
