"""Reviews (formerly appeals) of Schedule 3 outcomes by the OPCC or the IOPC."""
