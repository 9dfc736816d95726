"""Administration: accounts, roles and reference data. No case content."""
