"""Each role's start page: the work waiting for them."""
