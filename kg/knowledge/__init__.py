"""What the sources say beyond tasks and positions: the coverage ledger of the seed sweep
(:mod:`kg.knowledge.ledger`) and the timeline of decisions and milestones
(:mod:`kg.knowledge.timeline`). Tensions are an analysis: :mod:`kg.analysis.tensions`."""
