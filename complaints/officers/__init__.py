"""Officers and staff complained about: one person's history across every identity they
have had, built on the cases, the investigations and the subjects' identities."""
