"""Subject access requests (domain.md A12): everything held about one person, redacted."""
