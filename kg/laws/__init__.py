"""Statute texts and their versions: one reader per source format, one structure for all.

The interface (what issue-11 style consumers build on)::

    from kg.laws import load_laws, Regulation, Version, Article, Lid, Onderdeel

    regulations = load_laws([settings.laws_dir], snapshot_dates={"BWBR0034925": date(2015, 1, 5)})
    jeugdwet: Regulation = regulations["BWBR0034925"]
    for version in jeugdwet.versions:                 # oldest first
        version.valid_from, version.valid_to          # date, exclusive end (None = newest known)
        version.end_known, version.start_known        # False where the date is inferred (see Version)
        version.format, version.source                # which reader, which file
        article: Article = version.articles["7.3.11"]
        article.text, article.lapsed                  # full text ("1. …\\na. …"), "Vervallen"?
        for lid in article.leden:                     # Lid(number, text, onderdelen)
            for onderdeel in lid.onderdelen: ...      # Onderdeel(number, text)
        article.onderdelen                            # onderdelen directly under the article
        version.text_of((("artikel", "7.3.11"), ("lid", "2"), ("onderdeel", "a")))
    jeugdwet.version_on(date(2016, 1, 1)); jeugdwet.newest

Readers (each returns :class:`Version` objects):

- :mod:`kg.laws.bwbxml` — BWB toestand XML, validated against the BWB-toestand XSD (lxml);
- :mod:`kg.laws.regelrecht` — regelrecht YAML (per-article and per-lid layouts);
- :mod:`kg.laws.plaintext` — wetten.overheid.nl plain-text exports with ``versions.tsv``;
- :mod:`kg.laws.markdown` — the 2013–2015 Markdown snapshots (dated by the caller).

Texts are normalised the same way in every format (:func:`kg.laws.model.normalise_text`):
one line per paragraph, leden written "1. …", onderdelen "a. …", no markdown links, so
texts of versions from different sources can be compared. :mod:`kg.laws.library` finds the
files in a law folder and merges versions per regulation. Statute text is never stored in
this repository: it is read from the configured law folder at build time.
"""

from kg.laws.library import load_laws
from kg.laws.model import Article, Lid, Onderdeel, Regulation, Version

__all__ = ["load_laws", "Regulation", "Version", "Article", "Lid", "Onderdeel"]
