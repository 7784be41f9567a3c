"""The partnerships' pages, one module per screen."""
