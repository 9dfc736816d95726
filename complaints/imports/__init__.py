"""Importing cases from a legacy system's CSV extract (issue 13; docs/import.md)."""
