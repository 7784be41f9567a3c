"""Odd and hostile query strings get a clear answer, never a server error."""

import pytest

URLS = [
    ("/firms/?page=abc", 200),
    ("/firms/?page=99999", 200),
    ("/firms/?sort=bogus", 200),
    ("/firms/?province=zzz&regency=xx&district=1", 200),
    ("/firms/?q=%00", 200),
    ("/firms/?certification=zzz&industry_size=zzz", 200),
    ("/firms/map/data/?kind=zzz&q=%00", 200),
    ("/regions/search/?q=%00dam&level=x", 200),
    ("/regions/children/?parent=%00", 200),
    ("/regions/children/?parent=33.28%27--", 200),
    ("/api/v1/firms/?province=zzz", 400),
    ("/api/v1/firms/?q=%00", 400),
    ("/api/v1/firms/?ordering=bogus", 200),
    ("/api/v1/firms/?page=999", 404),
    ("/api/v1/firms/abc/", 404),
    ("/firms/999999/", 404),
    ("/firms/1/bogus/add/", 404),
    ("/jobs/999/", 404),
]


@pytest.mark.parametrize(("url", "status"), URLS)
def test_no_server_error(world, login, url, status):
    assert login(world.user("admin")).get(url).status_code == status
