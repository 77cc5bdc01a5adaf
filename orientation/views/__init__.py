"""Views of the orientation path, one module per screen; `commun` holds what every step shares."""
