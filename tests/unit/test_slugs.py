from portal.slugs import slugify, unique_slug


def test_slug_folds_accented_letters_to_plain_ones():
    assert slugify("Café Crème, Bromley BR1", fallback="x") == "cafe-creme-bromley-br1"


def test_slug_of_text_with_no_letters_is_the_fallback():
    assert slugify("★ ★ ★", fallback="business") == "business"


def test_slug_cut_to_length_never_ends_with_a_hyphen():
    assert slugify("aaaa bbbb", fallback="x", max_length=5) == "aaaa"


def test_a_taken_slug_gets_the_next_free_number():
    taken = {"the-glades", "the-glades-2"}
    assert unique_slug("The Glades", taken=taken.__contains__, fallback="x") == "the-glades-3"


def test_a_free_slug_has_no_number():
    assert unique_slug("The Glades", taken=lambda slug: False, fallback="x") == "the-glades"
