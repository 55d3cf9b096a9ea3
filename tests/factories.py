"""factory-boy factories shared by every test module."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from ponte.accounts.models import User
from ponte.organizations.models import Department, Membership, Organization, Role
from ponte.people.models import Person


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")


class DepartmentFactory(DjangoModelFactory[Department]):
    class Meta:
        model = Department

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if create:
            obj.save()


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    job_title = "Analyst"
    time_zone = "Europe/Rome"
    languages = factory.LazyFunction(lambda: ["it", "en"])
    channels = factory.LazyFunction(lambda: ["video", "chat"])


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PARTICIPANT


def member(
    organization: Organization, role: Role, *, email: str, first_name: str, last_name: str, **person_fields: object
) -> Person:
    """A user with a membership and the person profile that goes with it."""
    user = UserFactory(email=email, full_name=f"{first_name} {last_name}")
    MembershipFactory(organization=organization, user=user, role=role)
    return PersonFactory(
        organization=organization, user=user, email=email, first_name=first_name, last_name=last_name, **person_fields
    )
