"""Re-mark ``lint_corpus.toml``: ``pending = true`` on exactly the entries the current code fails.

Run after merging the ENGINE/RULES work of issue 18: ``.venv/bin/python tests/data/mark_lint_corpus.py``
(each still-pending entry is printed with what is wrong). Entries are one per line in the file.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

import test_lint_corpus as corpus  # noqa: E402


def main() -> None:
    out = []
    for line in corpus.CORPUS.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("{ text = "):
            entry_text = re.sub(r", pending = true", "", stripped.rstrip(","))
            entry = tomllib.loads("x = " + entry_text)["x"]
            wrong = corpus.problems(entry)
            if wrong:
                entry_text = entry_text[:-2] + ", pending = true }"
                print("pending:", entry["text"], wrong)
            line = "  " + entry_text + ","
        out.append(line)
    corpus.CORPUS.write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
