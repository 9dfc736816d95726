"""Demonstration data for fictional forces: ``complaints.demo.seed.seed`` fills a new database."""
