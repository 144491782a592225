"""The Qt desktop user interface (the only package that imports Qt)."""
