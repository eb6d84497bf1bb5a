def test_login_page_renders_in_chinese(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "登录" in response.get_data(as_text=True)


def test_seed_totals(seeded):
    assert seeded.totals == {"departments": 8, "posts": 21, "seats": 45, "filled": 42, "vacant": 3, "recruitable": 2}
