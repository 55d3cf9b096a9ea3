"""Gates for tenant membership and roles.

A view behind ``member_required`` always has ``request.membership``; one behind
``role_required`` answers 403 to members without the role (they can see the page exists,
they just may not use it). Objects of other organisations are never found: 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from .http import TenantRequest
from .models import Department, Role

type ViewFunc = Callable[..., HttpResponseBase]


def member_required[F: ViewFunc](view: F) -> F:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request, "membership", None) is None:
            raise PermissionDenied(_("Your account does not belong to any organisation yet."))
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def require_role(request: TenantRequest, *roles: Role) -> None:
    """403 for members without one of the roles. Gates call it *after* finding the object, so
    another organisation's ids answer 404 whatever the caller's role."""
    if request.membership.role not in roles:
        raise PermissionDenied(_("You do not have permission to do this."))


def role_required(*roles: Role) -> Callable[[ViewFunc], ViewFunc]:
    """For pages without an object id (lists, create forms); object routes use a gate instead."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @member_required
        @wraps(view)
        def wrapper(request: TenantRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require_role(request, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


admin_required = role_required(Role.ADMIN)
manager_required = role_required(Role.ADMIN, Role.MANAGER)


def get_department_for(request: TenantRequest, department_id: int) -> Department:
    """Departments are managed by organisation admins only."""
    department = Department.objects.for_organization(request.organization).filter(pk=department_id).first()
    if department is None:
        raise Http404
    require_role(request, Role.ADMIN)
    return department
