"""OPCC oversight: dip sampling and twelve-month investigation reports."""
