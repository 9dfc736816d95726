"""Officers and staff complained about: one identity per person across cases."""
