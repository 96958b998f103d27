"""A `next` that is not a path of ours goes to the default page, never a server error
(the generated-input suite sent next=0 to the admin's account actions: 500)."""

import pytest

from tests.factories import UserFactory


@pytest.mark.parametrize("bad", ["0", "abc", "users:list", "https://evil.example/", "//evil"])
def test_a_malformed_next_goes_to_the_default_page(client, admin_user, bad):
    invited = UserFactory(username="moi@example.com", email="moi@example.com", password=None)
    invited.set_unusable_password()
    invited.save()
    client.force_login(admin_user)
    for data in ({"next": bad}, {"next": ["", bad]}):
        response = client.post(f"/account/{invited.pk}/invitation/", data)
        assert response.status_code == 302
        assert response["Location"] == "/account/"


def test_a_path_of_ours_is_followed(client, admin_user):
    invited = UserFactory(username="moi@example.com", email="moi@example.com")
    invited.set_unusable_password()
    invited.save()
    client.force_login(admin_user)
    response = client.post(f"/account/{invited.pk}/invitation/", {"next": "/users/"})
    assert response["Location"] == "/users/"
