"""Officers' and staff's protected characteristics and each force's workforce profile."""
