"""The lessons-learned register, followed from proposal to done."""
