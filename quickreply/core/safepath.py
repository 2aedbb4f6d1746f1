"""Writing a file the user named without harm: never onto the open library or one of its files (by any
path, link or inode), never through a planted temp-file link, and readable by the user only.

Every writer (backups, pack exports, stats exports) goes through ``replacing``: the new content goes
to ``NAME.part``, created exclusively (a link or file planted there is never followed or
truncated), and is renamed over ``NAME`` only once complete; a failure removes the ``.part``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

LIBRARY_SUFFIXES = ("", "-wal", "-shm", "-journal")  # the database and the files SQLite keeps beside it
PART = ".part"
FILE_MODE = 0o600  # files quickreply creates: the user's only (POSIX; Windows ignores the bits)
DIR_MODE = 0o700  # folders quickreply creates
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class Refused(OSError):
    """A target quickreply will not write to; ``strerror`` is the one-line reason."""

    def __init__(self, message: str) -> None:
        super().__init__(errno.EPERM, message)


def library_files(database: Path) -> list[Path]:
    """The database file and the files SQLite keeps beside it."""
    return [database.with_name(database.name + suffix) for suffix in LIBRARY_SUFFIXES]


def check(target: Path, database: Path | None) -> None:
    """Refused when ``target`` names the library ``database`` or one of its files: the same path once
    resolved, or (where both exist) the same file by device and inode -- a hard link, a symlink or
    another spelling of it."""
    if database is None:
        return
    wanted = _key(target)
    same = _identity(target)
    for member in library_files(database):
        if wanted == _key(member) or (same is not None and same == _identity(member)):
            name = Path(target).name
            raise Refused(f"{name} 是短语库的数据库本身或它的附属文件({member.name}),不能写到这里")


def _key(path: Path) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file ``path`` leads to, or None when there is none (or no inode)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if info.st_ino else None


@contextlib.contextmanager
def replacing_path(target: Path, database: Path | None = None) -> Iterator[Path]:
    """An empty new ``target.part`` (for writers that need a path, like SQLite), renamed over
    ``target`` when the block ends, removed when it fails. Refused onto the library (``check``)."""
    part, fd = _new_part(Path(target), database)
    os.close(fd)
    try:
        yield part
        os.replace(part, Path(target))
    except BaseException:
        part.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def replacing(target: Path, database: Path | None = None) -> Iterator[BinaryIO]:
    """A binary file for the new content of ``target``, as ``replacing_path`` but written through
    the very descriptor that created the ``.part``."""
    part, fd = _new_part(Path(target), database)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(part, Path(target))
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _new_part(target: Path, database: Path | None) -> tuple[Path, int]:
    """Create ``target.part`` exclusively (mode 0600) and open it for writing: a leftover regular
    file is removed first, a link or anything else there is Refused."""
    part = target.with_name(target.name + PART)
    check(target, database)
    check(part, database)
    try:
        info = os.lstat(part)
    except FileNotFoundError:
        pass
    else:
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
            raise Refused(f"临时文件 {part} 是链接或不是普通文件,已拒绝写入;请确认后删除它")
        part.unlink()  # left over from a write that crashed
    return part, os.open(part, _CREATE, FILE_MODE)


def private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each readable by the user only."""
    missing: list[Path] = []
    folder = Path(folder)
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=DIR_MODE)


def create_private(path: Path) -> None:
    """Create an empty ``path`` readable by the user only, unless it exists (SQLite then gives its
    -wal, -shm and -journal the same mode)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, _CREATE, FILE_MODE))


def failure(path: Path, exc: OSError) -> str:
    """The one-line message for a file that could not be written."""
    return f"无法写入文件 {path}:{reason(exc)}"


def reason(exc: OSError) -> str:
    """Why a write failed, in one short line for the user."""
    if isinstance(exc, Refused):
        return exc.strerror or str(exc)
    known = {
        errno.ENOENT: "文件夹不存在",
        errno.ENOSPC: "磁盘空间不足",
        errno.EFBIG: "文件超过了系统允许的大小",
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "磁盘是只读的",
        errno.EISDIR: "这是一个文件夹",
        errno.ENOTDIR: "路径中有一部分不是文件夹",
    }
    return known.get(exc.errno or 0) or exc.strerror or str(exc)
