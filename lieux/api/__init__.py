"""Public read-only API (DRF): /api/v1/lieux/, /api/v1/carte/agregats/, /api/v1/territoires/…, /api/v1/recherche/."""
