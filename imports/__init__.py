"""Imports of lieux files: a straight line from a file to the lieux on the map.

    lecteurs (bytes → rows, streamed: CSV, JSON, GeoJSON, XLSX; encodings, delimiters, header row)
    → colonnes (header → standard fields, v0.1 or v1) and anciennes_versions (v0 values → v1)
    → validation.normalise_ligne (one row → a `ligne.LigneImportee`: the standard's values + French messages; pure)
    → territoires.rattacher (commune, postcode, INSEE code, territory keys; pure, on an in-memory COG index)
    → placement (the point judged, swapped, geocoded or set at the commune; pure) driven by placement_lots (batches)
    → analyse (orchestrates the dry run: every row classified and staged as `LigneImport` by `etape`, nothing
      written to the lieux; its SQL in `requetes`)
    → application (one transaction: archive the absent, insert the new, update the changed; `lieux_importes` signal)

Each step takes a `LigneImportee` and returns a new one with its messages appended (`ligne` says why). A future
column-mapping step fits before `normalise_ligne`, which takes values keyed by field plus the mapping's own fills.

`execution` runs the whole line for the `import_lieux` command and the admin's background tasks; `flux` moves the
pure part to a second process for large files; `rapport` and `export` write the CSV report and the standard's files.
"""
