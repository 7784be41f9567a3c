"""The estates' pages, one module per screen."""
