"""Files kept with a case: evidence, correspondence and generated letters."""
