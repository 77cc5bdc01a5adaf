"""Normalisers: one small pure function per family of fields, each tested on real values.

They take raw cell values and return what we store, or raise `ValueError` with a French message for the report.
Domain-generic rules (telephone E.164, pivot, opening hours, enumerated lists) live in `lieux.regles` and are reused
here; what only an import needs (placeholders, spreadsheet damage, Lambert-93, old labels) lives in this package.
"""
