"""Misconduct proceedings (Police (Conduct) Regulations 2020): arranging a meeting or
hearing after a case to answer, its notices and deadlines, adjournments and the appeal."""
