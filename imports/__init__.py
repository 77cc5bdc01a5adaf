"""Imports of lieux files: a straight line from a file to the lieux on the map.

    lecteurs (bytes → rows, streamed: CSV, JSON, GeoJSON, XLSX; encodings, delimiters, header row)
    → colonnes (header → standard fields, v0.1 or v1) and anciennes_versions (v0 values → v1)
    → normalisation/* and validation (one row → the lieu's values + French messages; pure)
    → territoires (commune, postcode, INSEE code, territory keys) and placement (point checked, BAN geocoding)
    → analyse (the dry run: every row classified and staged as `LigneImport`, nothing written to the lieux)
    → application (one transaction: archive the absent, insert the new, update the changed; `lieux_importes` signal)

`execution` runs the whole line for the `import_lieux` command and the admin's background tasks; `flux` moves the
pure part to a second process for large files; `rapport` and `export` write the CSV report and the standard's files.
"""
