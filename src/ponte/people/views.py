from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ponte.core.errors import DomainError
from ponte.organizations.access import admin_required, manager_required, member_required
from ponte.organizations.http import TenantRequest
from ponte.organizations.models import Membership, Role

from .access import get_own_person, get_person_for
from .forms import AvailabilityForm, PersonAdminForm, PersonFilterForm, PhotoForm, ProfileForm
from .models import Person
from .services import (
    ADMIN_FIELDS,
    Window,
    membership_set_role,
    person_create,
    person_invite,
    person_remove_photo,
    person_set_availability,
    person_set_photo,
    person_update,
)

PAGE_SIZE = 50


def _windows(person: Person) -> list[Window]:
    return [Window(w.weekday, w.start, w.end) for w in person.availability.all()]


@require_GET
@member_required
def profile(request: TenantRequest) -> HttpResponse:
    person = get_own_person(request)
    return render(request, "people/person_detail.html", _detail_context(request, person, own=True))


@require_http_methods(["GET", "POST"])
@member_required
def profile_edit(request: TenantRequest) -> HttpResponse:
    person = get_own_person(request)
    form = ProfileForm(request.POST or None, instance=person)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                person_update(person=person, data=form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("people:profile")
        status = 400
    return render(request, "people/profile_form.html", {"form": form, "person": person, "own": True}, status=status)


@require_http_methods(["GET", "POST"])
@member_required
def availability_edit(request: TenantRequest) -> HttpResponse:
    person = get_own_person(request)
    form = AvailabilityForm(request.POST or None, initial_windows=_windows(person))
    if request.method == "POST" and form.is_valid():
        person_set_availability(person=person, windows=form.windows())
        messages.success(request, _("Your availability is saved."))
        return redirect("people:profile")
    return render(request, "people/availability_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@member_required
def photo_edit(request: TenantRequest) -> HttpResponse:
    person = get_own_person(request)
    form = PhotoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if request.POST.get("remove"):
            person_remove_photo(person=person)
            messages.success(request, _("Your photo is removed."))
            return redirect("people:profile")
        if form.is_valid():
            try:
                person_set_photo(person=person, photo=form.cleaned_data["photo"])
            except DomainError as error:
                form.add_error("photo", str(error.message))
            else:
                messages.success(request, _("Your photo is saved."))
                return redirect("people:profile")
        status = 400
    return render(request, "people/photo_form.html", {"form": form, "person": person}, status=status)


@require_GET
@member_required
def person_photo(request: TenantRequest, person_id: int) -> FileResponse:
    """Photos are private files: served only to members of the same organisation."""
    person = Person.objects.for_organization(request.organization).filter(pk=person_id).first()
    if person is None or not person.photo:
        raise Http404
    response = FileResponse(person.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@manager_required
def person_list(request: TenantRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None, organization=request.organization)
    people = Person.objects.for_organization(request.organization).select_related("department", "manager")
    status = "active"
    if form.is_valid():
        data = form.cleaned_data
        if query := data.get("q"):
            people = people.filter(
                Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
                | Q(email__icontains=query)
                | Q(job_title__icontains=query)
            )
        if department := data.get("department"):
            people = people.filter(department=department)
        status = data.get("status") or "active"
    people = {
        "active": people.filter(is_active=True),
        "inactive": people.filter(is_active=False),
        "no_account": people.filter(user__isnull=True, is_active=True),
        "all": people,
    }[status]
    page = Paginator(people.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "people/person_list.html",
        {"form": form, "page": page, "query_string": query_string.urlencode()},
    )


def _detail_context(request: TenantRequest, person: Person, *, own: bool) -> dict[str, object]:
    membership = (
        Membership.objects.for_organization(request.organization).filter(user_id=person.user_id).first()
        if person.user_id
        else None
    )
    return {
        "person": person,
        "own": own,
        "membership": membership,
        "availability": list(person.availability.all()),
        "offers": list(person.offers.select_related("skill__area__framework")),
        "wants": list(person.wants.select_related("skill__area__framework")),
        "reports": list(person.reports.filter(is_active=True).only("id", "first_name", "last_name")[:50]),
    }


@require_GET
@member_required
def person_detail(request: TenantRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id)
    own = person.user_id == request.user.pk
    return render(request, "people/person_detail.html", _detail_context(request, person, own=own))


@require_http_methods(["GET", "POST"])
@admin_required
def person_create_view(request: TenantRequest) -> HttpResponse:
    form = PersonAdminForm(
        request.POST or None, instance=Person(organization=request.organization), organization=request.organization
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                person = person_create(organization=request.organization, data=form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("%(name)s is added.") % {"name": person})
                return redirect("people:person-detail", person_id=person.pk)
        status = 400
    return render(request, "people/profile_form.html", {"form": form, "person": None}, status=status)


@require_http_methods(["GET", "POST"])
@member_required
def person_edit(request: TenantRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id, manage=True)
    membership = (
        Membership.objects.for_organization(request.organization).filter(user_id=person.user_id).first()
        if person.user_id
        else None
    )
    form = PersonAdminForm(
        request.POST or None,
        instance=person,
        organization=request.organization,
        initial={"role": membership.role if membership else None},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                person_update(person=person, data=form.cleaned_data, fields=ADMIN_FIELDS)
                role = form.cleaned_data.get("role")
                if membership and role and role != membership.role:
                    membership_set_role(membership=membership, role=Role(role))
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("%(name)s is saved.") % {"name": person})
                return redirect("people:person-detail", person_id=person.pk)
        status = 400
    return render(request, "people/profile_form.html", {"form": form, "person": person}, status=status)


@require_POST
@member_required
def person_invite_view(request: TenantRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id, manage=True)
    try:
        person_invite(person=person, invited_by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return render(request, "people/person_detail.html", _detail_context(request, person, own=False), status=400)
    messages.success(request, _("An invitation was emailed to %(email)s.") % {"email": person.email})
    return redirect("people:person-detail", person_id=person.pk)
