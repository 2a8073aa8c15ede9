"""curator: keeps a curated awesome list of research papers up to date.

The library is the product; `curator.cli` is a thin shell over it.
"""

__version__ = "0.1.0"
