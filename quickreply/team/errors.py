"""What goes wrong between an agent and the team server, as one line the agent can act on.

The server decides rights; its refusal ("permission denied for table versions") is what the agent
is shown, in Chinese, with the server's own words kept for whoever administers it.
"""

from __future__ import annotations

import psycopg
from psycopg import errors as pg


class TeamError(Exception):
    """A refusal or failure written for the user, one line."""


class Offline(TeamError):
    """The server cannot be reached now; the local copy keeps working and the outbox waits."""


def server_error(exc: psycopg.Error) -> TeamError:
    """The one line for a psycopg error."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, pg.InsufficientPrivilege):
        return TeamError(f"没有权限(服务器拒绝:{first})")
    if isinstance(exc, pg.InvalidPassword | pg.InvalidAuthorizationSpecification):
        return TeamError(f"用户名或密码不对(服务器拒绝:{first})")
    if isinstance(exc, pg.InvalidCatalogName):
        return TeamError(f"服务器上没有这个数据库({first})")
    if isinstance(exc, pg.UndefinedTable | pg.InvalidSchemaName):
        return TeamError(f"这个数据库还没有团队数据:先运行 quickreply team init({first})")
    if isinstance(exc, psycopg.OperationalError):
        if "password authentication failed" in first or "no password supplied" in first:
            return TeamError(f"用户名或密码不对(服务器拒绝:{first})")
        if "does not exist" in first and "database" in first:
            return TeamError(f"服务器上没有这个数据库({first})")
        if "permission denied" in first:
            return TeamError(f"没有权限(服务器拒绝:{first})")
        return Offline(f"连接不到团队服务器:{first}")
    return TeamError(f"团队服务器出错:{first}")
