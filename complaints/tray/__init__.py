"""Each person's work tray: deadlines falling due, decisions, new cases, bring-forwards."""
