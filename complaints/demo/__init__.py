"""Demonstration data for a fictional force: ``complaints.demo.seed.seed`` fills a new database."""
