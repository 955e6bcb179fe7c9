"""Regions: municipalities and veiligheidsregio's, the regional instances generated
from them, the proeftuinen, and "which task lies where".

- :mod:`kg.regions.tables` reads and checks the region CSV files;
- :mod:`kg.regions.rdf` turns them into RDF with provenance;
- :mod:`kg.regions.instances` generates regional instances (RVT per veiligheidsregio, …) by rule;
- :mod:`kg.regions.turtle` writes them as deterministic Turtle;
- :mod:`kg.regions.importer` writes ``data/regions/*.ttl`` (``kg import regions``);
- :mod:`kg.regions.places` finds a municipality or veiligheidsregio by code or name;
- :mod:`kg.regions.where` answers ``kg where`` from the built graph, :mod:`kg.regions.output` renders it;
- :mod:`kg.regions.topojson` and :mod:`kg.regions.svgmap` draw the map of the 25 regions.

See docs/regions.md.
"""
