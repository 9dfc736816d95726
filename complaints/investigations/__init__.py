"""Investigations, suspensions, severity assessments and conduct outcomes per subject."""
