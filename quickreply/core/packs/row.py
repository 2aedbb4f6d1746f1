"""One phrase as a pack file gives it: the record every reader (JSON, CSV, XLSX, XLS) hands to the merge.

A row is a ``models.Phrase`` plus where it sits in the file and whether it could be read at all, so
a phrase field is added to ``Phrase`` once and every reader, the merge and its report carry it.
"""

from __future__ import annotations

import dataclasses

from quickreply.core import models


@dataclasses.dataclass
class Row:
    """One data row of a pack file.

    ``number`` is what the report shows (the Excel row, or the JSON item counted from 1);
    ``phrase.stage_id`` holds the stage cell as written (a stage's name or id) until the merge
    resolves it; ``error`` says why the reader could not read the row as written (the import
    rejects it), "" when it could.
    """

    number: int
    phrase: models.Phrase
    error: str = ""
