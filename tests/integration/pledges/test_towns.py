"""The directory's town filter (issue 16): towns come from the postcode district."""

from portal.pledges.towns import districts_of, town_of, towns_of
from tests.factories import make_business, make_pledge, make_user


def test_towns_are_named_from_the_postcode_district():
    assert town_of("BR3") == "Beckenham"
    assert town_of("br4") == "West Wickham"
    assert town_of("SE20") == "Penge"
    assert town_of("BR5") == town_of("BR6") == "Orpington"
    assert town_of("SE6") == "SE6"  # over the border: shown as its district


def test_a_town_is_every_district_that_names_it():
    known = ["BR1", "BR2", "BR5", "BR6", "SE20"]
    assert districts_of("Orpington", known) == ["BR5", "BR6"]
    assert districts_of("Bromley", known) == ["BR1", "BR2"]
    assert towns_of(known) == ["Bromley", "Orpington", "Penge"]


def test_the_directory_filters_by_town_across_its_postcode_districts(client):
    for name, postcode in (
        ("Petts Wood Books", "BR5 1AA"),
        ("Orpington Café", "BR6 0HH"),
        ("Penge Pharmacy", "SE20 7EX"),
    ):
        make_pledge(make_business(make_user(), name=name, postcode=postcode))

    everyone = client.get("/pledges").get_data(as_text=True)
    assert '<option value="Orpington">Orpington</option>' in everyone
    assert '<option value="Penge">Penge</option>' in everyone
    assert "Orpington, BR6 0HH" in everyone  # the card names the town

    orpington = client.get("/pledges?town=Orpington").get_data(as_text=True)
    assert "Petts Wood Books" in orpington and "Orpington Café" in orpington
    assert "Penge Pharmacy" not in orpington
    penge = client.get("/pledges?town=Penge", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Penge Pharmacy" in penge and "Orpington Café" not in penge
    by_district = client.get("/pledges?area=BR5").get_data(as_text=True)
    assert "Petts Wood Books" in by_district and "Orpington Café" not in by_district


def test_a_town_with_no_business_in_the_directory_shows_everyone(client):
    make_pledge(make_business(make_user(), name="Penge Pharmacy", postcode="SE20 7EX"))
    page = client.get("/pledges?town=Atlantis").get_data(as_text=True)
    assert "Penge Pharmacy" in page
