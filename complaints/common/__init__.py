"""Pieces every domain uses: who is acting, the clock, the audit trail, working days."""
