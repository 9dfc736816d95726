"""The public's door: the online complaint form, its submissions, and their triage."""
