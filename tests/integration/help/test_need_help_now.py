"""Every page carries "Need help now?" with the crisis contacts from the settings; the home
page too; and /about tells how the portal started. None of it needs an account."""

import pytest

from portal.config import ConfigError, CrisisContact, from_environment

PAGES = ["/", "/events", "/library", "/pledges", "/help", "/about", "/privacy", "/login"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_crisis_contacts_in_its_footer(client, path):
    page = client.get(path).get_data(as_text=True)
    footer = page.split('<footer class="portal-footer"')[1]
    assert "Need help now?" in footer
    assert 'href="tel:999"' in footer and 'href="tel:111"' in footer
    assert "choose option 2" in footer and 'href="tel:116123"' in footer
    assert 'href="/help"' in footer and 'href="/about"' in footer


def test_the_home_page_shows_them_too_and_links_to_help_and_our_story(client):
    page = client.get("/").get_data(as_text=True)
    main = page.split('<footer class="portal-footer"')[0]
    assert "Need help now?" in main and 'href="tel:116123"' in main
    assert 'href="/help"' in main and 'href="/about"' in main
    # Two copies, each with its own heading id.
    assert 'id="need-help-now-home"' in page and 'id="need-help-now-footer"' in page


def test_the_contacts_come_from_the_settings(make_app):
    settings = (CrisisContact("Bromley crisis line", "0800 000 0000"),)
    client = make_app(CRISIS_CONTACTS=settings).test_client()
    page = client.get("/help").get_data(as_text=True)
    assert "Bromley crisis line: call" in page and 'href="tel:08000000000"' in page
    assert "Samaritans" not in page


def test_crisis_contacts_are_read_from_the_environment(tmp_path):
    config = from_environment(
        {
            "PORTAL_ENV": "development",
            "CRISIS_CONTACTS": "Out of hours social care|01632 960999; Samaritans|116 123|free",
        },
        instance_path=tmp_path,
    )
    assert config["CRISIS_CONTACTS"] == (
        CrisisContact("Out of hours social care", "01632 960999"),
        CrisisContact("Samaritans", "116 123", "free"),
    )
    default = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)
    assert [c.number for c in default["CRISIS_CONTACTS"]] == ["999", "111", "116 123"]


@pytest.mark.parametrize("value", ["Samaritans", "Samaritans|no number", "|116 123", "a|1|b|c"])
def test_a_crisis_contact_the_portal_cannot_read_stops_it_starting(value, tmp_path):
    with pytest.raises(ConfigError, match="CRISIS_CONTACTS"):
        from_environment({"PORTAL_ENV": "development", "CRISIS_CONTACTS": value}, tmp_path)


def test_about_tells_how_it_started_who_runs_it_and_how_to_join_in(client):
    page = client.get("/about").get_data(as_text=True)
    assert "100-day challenge" in page
    for made in ("theatre", "leaflet for parents, written by parents", "shopping centre",
                 "peer support group", "film"):  # fmt: skip
        assert made in page
    assert "Bromley Autism Partnership runs this site" in page
    assert "How to get involved" in page and "Lead a group" in page
