"""Assets a browser keeps: fingerprinted addresses, a year's caching, gzip for text."""

from __future__ import annotations

import gzip
import re

from complaints import assets


def _asset_urls(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/assets/[^"]+)"', page)


def test_every_asset_a_page_names_is_fingerprinted_and_kept_a_year(client):
    page = client.get("/sign-in").get_data(as_text=True)
    urls = _asset_urls(page)
    assert any("application.css" in u for u in urls) and any("application.mjs" in u for u in urls)
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        with client.get(url) as response:
            assert response.status_code == 200, url
            assert response.cache_control.max_age == assets.YEAR
            assert response.cache_control.immutable


def test_text_assets_go_gzipped_to_a_browser_that_takes_it(client):
    url = next(u for u in _asset_urls(client.get("/sign-in").get_data(as_text=True)) if ".css" in u)
    with client.get(url) as plain:
        original = plain.data
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == original
    assert len(packed.data) < len(original) / 3


def test_an_old_fingerprint_is_not_kept(client):
    with client.get("/assets/application.css?v=000000000000") as response:
        assert response.status_code == 200
        assert not response.cache_control.immutable


def test_a_changed_file_gets_a_new_address(tmp_path):
    asset = tmp_path / "site.css"
    asset.write_text("body { color: black }")
    before = assets.fingerprint(str(tmp_path), "site.css")
    asset.write_text("body { color: navy }")
    assert assets.fingerprint(str(tmp_path), "site.css") not in (None, before)
    assert assets.fingerprint(str(tmp_path), "missing.css") is None
