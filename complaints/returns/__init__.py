"""Data the force sends out of the service: the IOPC's quarterly data return."""
