import pytest

from tests.factories import TEST_PASSWORD


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.text
    assert "Đăng nhập" in response.text


@pytest.mark.django_db
def test_login_with_the_right_password_lands_on_home(client, secretary_a):
    response = client.post("/login/", {"username": "alice", "password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Alice (A)" in response.text


@pytest.mark.django_db
def test_login_with_a_wrong_password_says_so(client, secretary_a):
    response = client.post("/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_ends_the_session(client, secretary_a):
    client.force_login(secretary_a)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_password_change(client, secretary_a):
    client.force_login(secretary_a)
    response = client.post(
        "/password/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Mong-Cai-2026-moi",
            "new_password2": "Mong-Cai-2026-moi",
        },
        follow=True,
    )
    assert "Mật khẩu đã được đổi" in response.text
    secretary_a.refresh_from_db()
    assert secretary_a.check_password("Mong-Cai-2026-moi")


@pytest.mark.django_db
def test_password_change_refuses_a_wrong_old_password(client, secretary_a):
    client.force_login(secretary_a)
    response = client.post(
        "/password/",
        {
            "old_password": "wrong",
            "new_password1": "Mong-Cai-2026-moi",
            "new_password2": "Mong-Cai-2026-moi",
        },
    )
    assert response.status_code == 200
    secretary_a.refresh_from_db()
    assert secretary_a.check_password(TEST_PASSWORD)


def test_password_change_needs_login(client):
    response = client.get("/password/")
    assert response.status_code == 302


@pytest.mark.django_db
def test_language_switch_to_english_and_back(client, secretary_a):
    client.force_login(secretary_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.text
    assert "Unit secretary" in response.text
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Thư ký đơn vị" in client.get("/").text


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in response.text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").text
