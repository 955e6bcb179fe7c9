"""Knowledge graph of Dutch child and family protection (kind- en gezinsbescherming).

Data flows one way: ``ontology/`` + ``data/`` → :mod:`kg.build` → a graph store
(:mod:`kg.store`) → validation, queries and analysis → CLI (:mod:`kg.cli`) and web.
"""

__version__ = "0.1.0"
