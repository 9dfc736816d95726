"""Letter templates: the wording of every letter the service sends, kept per force as
versions an administrator edits, rendered in a sandbox from a documented list of fields."""
