"""5R pages, one module per screen; ``five_r/urls.py`` imports the modules."""
