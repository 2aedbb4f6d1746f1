"""Issue 14: the library survives every mistake and every hostile file -- the real command line on a
copied library; a refused command exits non-zero with one line on stderr and leaves every row as it was."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from quickreply.core import defaults, models
from tests.blackbox import copy_library, ok, one_line_error, qr

PACK = {
    "format": "quickreply-pack",
    "version": 1,
    "name": "双十一",
    "stages": [],
    "phrases": [{"stage": "greeting", "title": "双十一开场", "code": "ssy", "body": "亲,双十一活动进行中"}],
}


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed library as a shop has it: the default pack and one phrase of its own."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = defaults.open_library(path)
    db.add(models.Phrase(stage_id="shipping", title="自己的发货", body="亲,今天下单明天发", code="mine"))
    db.close()
    return path


@pytest.fixture
def lib(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template library for one test."""
    return copy_library(template, tmp_path / "lib" / "shop.db")


@pytest.fixture
def pack_file(tmp_path: Path) -> Path:
    path = tmp_path / "双十一.qrpack.json"
    path.write_text(json.dumps(PACK, ensure_ascii=False), encoding="utf-8")
    return path


# -- 1. backups named and matched exactly -----------------------------------------------------------


def test_two_libraries_in_one_folder_keep_their_own_backups(template, tmp_path, pack_file):
    shop = copy_library(template, tmp_path / "shop.db")
    copy_library(template, tmp_path / "shop-old.db")
    backups = tmp_path / "backups"
    backups.mkdir()
    theirs = [backups / f"shop-old-20990101-0000{n:02d}-000000-auto.db" for n in range(10)]
    for path in theirs:
        shutil.copyfile(template, path)

    out = ok(qr(shop, "import", str(pack_file)))
    made = Path(re.search(r"已备份到 (\S+)", out).group(1))
    assert made.is_file() and made.name.startswith("shop-2")  # the import's backup survived the pruning
    assert all(path.is_file() for path in theirs)  # and shop-old's were not shop's to prune

    shop.write_bytes(b"\x00damaged" * 1000)
    error = one_line_error(qr(shop, "stages"), "数据库文件无法使用")
    assert str(made) in error and "shop-old" not in error
