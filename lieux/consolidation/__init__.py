"""Record linkage of lieux across sources: which source records describe the same place.

Pure code, no Django model: `blocage` proposes candidate pairs from plain record dicts (never all pairs),
`score` compares one pair field by field and decides `MEME` / `DOUTEUX` / `DIFFERENTS`, with `noms` and
`adresses` knowing French place names and street addresses. The design and the measures are in
docs/consolidation.md; the models, the import pipeline and the review queue call this package, never the
reverse.
"""
