"""Exit 0 when the database of the URL given as argument answers within 3 seconds."""

import sys

import environ
import psycopg

cfg = environ.Env.db_url_config(sys.argv[1])
try:
    psycopg.connect(
        dbname=cfg["NAME"], user=cfg.get("USER") or None, password=cfg.get("PASSWORD") or None,
        host=cfg.get("HOST") or None, port=cfg.get("PORT") or None, connect_timeout=3,
    ).close()
except psycopg.OperationalError as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
