"""Accounts, log-in and authorisation."""
