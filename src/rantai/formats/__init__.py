"""Rantai's date formats per language (settings.FORMAT_MODULE_PATH); what a module leaves out
comes from Django's own locale."""
