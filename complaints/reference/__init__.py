"""Reference data: allegation categories and the force's divisions and departments."""
