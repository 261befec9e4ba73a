"""Who may give what: no admin permission leads to more than its holder already has.

- Nobody grants a permission they do not hold: a role they create or edit grants only
  their own permissions, and they give or take away only roles made of those.
- Nobody changes their own roles (an admin cannot raise, or lock out, themselves).
- Nobody edits or deletes an account that holds permissions they lack: a new password or
  email for an Administrator would be that Administrator's account.
The last administrator is kept by accounts.ensure_admin_remains.
"""

from __future__ import annotations

from collections.abc import Iterable

from fieldserver.errors import ApiError
from fieldserver.models import Role, User


def lacking(actor: User, keys: Iterable[str]) -> list[str]:
    held = set(actor.permission_keys)
    return sorted(set(keys) - held)


def ensure_may_grant(actor: User, keys: Iterable[str]) -> None:
    missing = lacking(actor, keys)
    if missing:
        raise ApiError(403, "cannot_grant", "You can only give permissions you hold "
                       f"yourself; you do not hold: {', '.join(missing)}.", missing=missing)


def ensure_may_assign(actor: User, roles: Iterable[Role]) -> None:
    """Give or take away these roles (to or from someone else)."""
    ensure_may_grant(actor, (k for role in roles for k in role.permission_keys))


def ensure_may_manage(actor: User, target: User) -> None:
    """Edit or delete this account."""
    if target.id == actor.id:
        return
    missing = lacking(actor, target.permission_keys)
    if missing:
        raise ApiError(403, "outranked", "This account holds permissions you do not "
                       f"({', '.join(missing)}); ask an administrator who holds them.",
                       missing=missing)


def ensure_not_own_roles(actor: User, target: User) -> None:
    if target.id == actor.id:
        raise ApiError(409, "cannot_modify_self", "You cannot change your own roles; ask "
                       "another administrator.")
