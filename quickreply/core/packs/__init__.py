"""Phrase packs: reading and writing pack files and merging them into the store."""


class PackError(Exception):
    """A pack file that cannot be read; the message names the file (and row/column) and what is wrong."""
