"""The password rules: length and commonness, no composition rules."""

from portal.accounts.passwords import password_problem


def test_eight_characters_is_enough_and_seven_is_not():
    assert password_problem("kitebird") is None
    assert "8 characters or more" in password_problem("kitebir")


def test_no_composition_rules_apply():
    assert password_problem("all lower case words here") is None


def test_common_passwords_are_refused_even_with_digits_added():
    assert "too common" in password_problem("password")
    assert "too common" in password_problem("Football")
    assert "too common" in password_problem("sunshine2024!")


def test_the_email_address_is_not_a_password():
    assert "email" in password_problem("jo.parent@example.org", email="jo.parent@example.org")


def test_very_long_passphrases_are_allowed():
    assert password_problem("a walk in the park near the river " * 20) is None
