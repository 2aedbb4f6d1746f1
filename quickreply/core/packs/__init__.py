"""Phrase packs: reading and writing pack files and merging them into the store.

Reading: ``reader`` picks the format (``jsonpack``; ``csvpack`` with ``encoding``, ``xlsxpack``,
``xlspack`` into a ``table`` that ``columns`` gives meaning) and hands over ``row.Row``s, each a
``models.Phrase`` with its place in the file. Importing: ``merge`` previews and applies, with the
decisions in ``planner`` and the result in ``report``. Writing: ``export``.
"""

DEFAULT_PACK_ID = "default"  # the bundled library, installed read-only
OWN = "own"  # export's name for the user's own phrases (no pack)
# Pack ids an import never takes: a file named default.csv must not replace the default library
# (and its usage history), nor shadow the name that means "my own phrases".
RESERVED_PACK_IDS = frozenset({DEFAULT_PACK_ID, OWN})


class PackError(Exception):
    """A pack file that cannot be read; the message names the file (and row/column) and what is wrong."""
