"""Email: written to an outbox with the change that caused it, sent afterwards by a job."""
