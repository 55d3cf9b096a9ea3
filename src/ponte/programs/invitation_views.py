from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ponte.core.errors import DomainError
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.organizations.models import Department, Organization

from .access import get_program_for
from .invitations import invitable_people, program_invite


class InviteForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Who"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("Everyone in the organisation"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["department"]
        field.queryset = Department.objects.for_organization(organization)


@require_http_methods(["GET", "POST"])
@member_required
def program_invite_view(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id, manage=True)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = InviteForm(data, organization=request.organization)
    department = form.cleaned_data["department"] if form.is_valid() else None
    people = invitable_people(program, department)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                count = program_invite(program=program, people=people, by=request.user)
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d colleague was invited to enrol.",
                        "%(count)d colleagues were invited to enrol.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("programs:program-detail", program_id=program.pk)
        status = 400
    context = {"program": program, "form": form, "count": people.count(), "sample": list(people[:12])}
    return render(request, "programs/program_invite.html", context, status=status)
