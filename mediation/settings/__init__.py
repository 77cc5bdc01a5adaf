"""Settings: `base` (development, the default), `test`, `production`."""
