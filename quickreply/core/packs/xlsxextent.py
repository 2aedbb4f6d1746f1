"""How many cells calamine would allocate for a worksheet part, judged while the part is inflated.

calamine builds a dense grid from the first to the last cell a sheet names: a 5 KB file with cells
A1 and XFD1048576 asks for 17 billion cells and aborts the process (Rust's allocation failure is not
an exception). ``Extent`` reads the inflated XML in pieces and bounds the grid: the largest row and
column any reference names, and, when some cells carry no ``r`` reference (then calamine places
them one after another), the number of such cells as the width and the number of rows as the height.
Most sheets name nothing past Z99999; a piece without such a reference is bounded by that, which
keeps the scan at ~0.1 s for 100,000 rows.
"""

from __future__ import annotations

import re

_REF = re.compile(rb'\br="([A-Z]{0,3})([0-9]{1,7})"')
# A reference past column Z or past row 99,999: only then are the maxima worth computing exactly.
_BIG = re.compile(rb'r="(?:[A-Z]{2,3}[0-9]|[A-Z]{0,3}[0-9]{6})')
SMALL_ROWS, SMALL_COLUMNS = 99_999, 26
PIECE = 1024 * 1024


def column_number(letters: bytes) -> int:
    """A1-style column letters as a number: A is 1, XFD is 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class Extent:
    """Feed the inflated bytes of one worksheet part; ``cells`` bounds the grid calamine builds."""

    def __init__(self) -> None:
        self.max_row = 0
        self.max_column = 0
        self.rows = 0
        self.cells = 0
        self.references = 0
        self._exact = False  # once a large reference is seen, every later piece is read exactly
        self._carry = b""

    def feed(self, data: bytes) -> None:
        """Take the next inflated bytes; a tag cut at the end waits for the rest."""
        data = self._carry + data
        cut = data.rfind(b">") + 1
        if len(data) - cut > PIECE:  # a long text node: nothing in it is a tag
            cut = len(data)
        self._scan(data[:cut])
        self._carry = data[cut:]

    def close(self) -> None:
        """The part has ended."""
        self._scan(self._carry)
        self._carry = b""

    def _scan(self, piece: bytes) -> None:
        if not piece:
            return
        self.cells += sum(piece.count(tag) for tag in (b"<c ", b"<c>", b"<c/>", b":c "))
        self.rows += piece.count(b"<row") + piece.count(b":row ")
        if not self._exact and _BIG.search(piece) is None:
            # Fast path: no reference past column Z or row 99,999 in this piece.
            self.max_row, self.max_column = max(self.max_row, SMALL_ROWS), max(self.max_column, SMALL_COLUMNS)
            self.references += piece.count(b'<c r="') + piece.count(b':c r="')  # Excel writes r first
            return
        self._exact = True
        references = _REF.findall(piece)
        for letters in {letters for letters, _ in references if letters}:
            self.max_column = max(self.max_column, column_number(letters))
        if references:
            self.max_row = max(self.max_row, max(int(digits) for _, digits in references))
        self.references += sum(1 for letters, _ in references if letters)

    @property
    def grid(self) -> int:
        """At most how many cells the dense grid holds."""
        unplaced = max(self.cells - self.references, 0)
        height = max(self.max_row, self.rows if unplaced else 0)
        return height * max(self.max_column, unplaced)
