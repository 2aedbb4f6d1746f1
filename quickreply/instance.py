"""One tray app per user and library: a later start asks the running one over a local socket.

The socket's name comes from the user, the desktop session and the library's path, so two
libraries, or two users on one machine, never answer each other.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(db_path: Path) -> str:
    """The local socket a running instance listens on: one per user, desktop session and library."""
    key = f"{os.environ.get('DISPLAY', '')}|{db_path.resolve()}"
    return f"quickreply-{getpass.getuser()}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def ask_running_instance(db_path: Path, command: str = "popup", timeout_ms: int = 500) -> bool:
    """Send a command to the instance running on this library; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(command.encode() + b"\n")
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class CommandServer:
    """Listens for commands of later starts; ``on_command(name)`` runs on the Qt thread.

    Args:
        db_path: the library this instance runs on.
        on_command: called with each command received ("popup").
    """

    def __init__(self, db_path: Path, on_command: Callable[[str], None]) -> None:
        self.on_command = on_command
        self.server = QLocalServer()
        QLocalServer.removeServer(server_name(db_path))  # a socket file left by a crashed run
        self.server.listen(server_name(db_path))
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        socket = self.server.nextPendingConnection()
        if socket is None:
            return

        def read() -> None:
            self.on_command(bytes(socket.readAll().data()).decode(errors="replace").strip())

        socket.readyRead.connect(read)
        if socket.bytesAvailable():
            read()

    def close(self) -> None:
        self.server.close()
