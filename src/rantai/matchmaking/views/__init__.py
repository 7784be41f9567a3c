"""Temu bisnis pages, one module per screen; ``matchmaking/urls.py`` imports the modules."""
