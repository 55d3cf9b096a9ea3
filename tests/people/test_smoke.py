from ponte.people.models import Person


def test_personas_belong_to_their_organisation(acme_junior: Person, globex_participant: Person) -> None:
    assert acme_junior.organization.slug == "acme"
    assert globex_participant.organization.slug == "globex"
    assert acme_junior.generation == "gen_z"
