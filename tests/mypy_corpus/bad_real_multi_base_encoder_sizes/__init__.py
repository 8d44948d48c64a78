"""A speech encoder over two files: base.py keeps the sizes in an old-style base class, encoder.py's head doubles them."""
