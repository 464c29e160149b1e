"""The built assets carry our brand, not GOV.UK's, and their names match their content."""

import gzip
import hashlib
import json
import re

import brotli

from portal.config import PROJECT_ROOT

STATIC = PROJECT_ROOT / "static"
DIST = STATIC / "dist"
MANIFEST = json.loads((DIST / "manifest.json").read_text())
PREVIOUS = json.loads((DIST / "previous.json").read_text())
PACKAGES = json.loads((PROJECT_ROOT / "package.json").read_text())["devDependencies"]


def test_compiled_css_has_no_gov_uk_typeface_or_crown():
    css = (DIST / MANIFEST["portal.css"]).read_text()
    assert "GDS Transport" not in css
    assert not re.search(r"crown|crest", css, re.IGNORECASE)
    assert "system-ui" in css
    assert "#5b2a86" in css.lower()


def test_no_gov_uk_asset_files_are_shipped():
    shipped = {path.name for path in STATIC.rglob("*")}
    assert not any(name.endswith((".woff", ".woff2")) for name in shipped)
    assert not any("crown" in name or "crest" in name for name in shipped)


def test_each_built_file_is_named_after_a_hash_of_its_content():
    assert set(MANIFEST) == {"portal.css", "portal.js"}
    for plain, built in MANIFEST.items():
        content = (DIST / built).read_bytes()
        stem, suffix = plain.rsplit(".", 1)
        assert built == f"{stem}.{hashlib.sha256(content).hexdigest()[:12]}.{suffix}"


def test_compressed_copies_hold_the_same_bytes_as_the_file():
    for built in [*MANIFEST.values(), *PREVIOUS.values()]:
        content = (DIST / built).read_bytes()
        assert gzip.decompress((DIST / f"{built}.gz").read_bytes()) == content
        assert brotli.decompress((DIST / f"{built}.br").read_bytes()) == content


def test_the_current_and_the_previous_build_are_shipped_and_nothing_older():
    built = set(MANIFEST.values()) | set(PREVIOUS.values())
    expected = (
        {"manifest.json", "previous.json"}
        | built
        | {f"{n}.gz" for n in built}
        | {f"{n}.br" for n in built}
    )
    assert {path.name for path in DIST.iterdir()} == expected
    assert not set(MANIFEST.values()) & set(PREVIOUS.values())


def test_the_npm_packages_are_pinned_exactly_and_locked():
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in PACKAGES.values())
    locked = json.loads((PROJECT_ROOT / "package-lock.json").read_text())["packages"]
    for name, version in PACKAGES.items():
        assert locked[f"node_modules/{name}"]["version"] == version
        assert locked[f"node_modules/{name}"]["integrity"].startswith("sha512-")


def test_the_bundle_holds_htmx_at_the_pinned_2_0_release_with_our_code():
    pinned = PACKAGES["htmx.org"]
    assert re.fullmatch(r"2\.0\.\d+", pinned)
    bundle = (DIST / MANIFEST["portal.js"]).read_text()
    assert f'version:"{pinned}"' in bundle
    assert "X-CSRFToken" in bundle  # a string of our own (names are minified)
