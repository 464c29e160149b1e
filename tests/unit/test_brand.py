"""The compiled assets carry our brand, not GOV.UK's: no crown, no GOV.UK typeface."""

import re

from portal.config import PROJECT_ROOT

STATIC = PROJECT_ROOT / "static"


def test_compiled_css_has_no_gov_uk_typeface_or_crown():
    css = (STATIC / "css" / "portal.css").read_text()
    assert "GDS Transport" not in css
    assert not re.search(r"crown|crest", css, re.IGNORECASE)
    assert "system-ui" in css
    assert "#5b2a86" in css.lower()


def test_no_gov_uk_asset_files_are_shipped():
    shipped = {path.name for path in STATIC.rglob("*")}
    assert not any(name.endswith((".woff", ".woff2")) for name in shipped)
    assert not any("crown" in name or "crest" in name for name in shipped)


def test_htmx_is_vendored_at_a_pinned_2_0_release():
    [htmx] = (STATIC / "js").glob("htmx-*.min.js")
    assert re.fullmatch(r"htmx-2\.0\.\d+\.min\.js", htmx.name)
