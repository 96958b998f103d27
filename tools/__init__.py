"""Tools around the product: the demo loader and the benchmark harness.

They import the product; the product never imports them, and no product URL
exists for them (the benchmark serves its reference page from its own urlconf).
"""
