"""Chinese by default; English when chosen, remembered per user."""


def test_chinese_by_default_and_english_on_request(client):
    page = client.get("/login").get_data(as_text=True)
    assert "用户名" in page and 'lang="zh-CN"' in page
    client.post("/language/en", data={"next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert "Username" in page and "Sign in" in page and 'lang="en"' in page


def test_the_choice_is_remembered_for_the_user(client, login, make_user):
    from hrflow.extensions import db

    user = login(make_user("hr"))
    client.post("/language/en", data={"next": "/password"})
    db.session.refresh(user)
    assert user.locale == "en"
    other = client.application.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert "Change password" in other.get("/password").get_data(as_text=True)


def test_every_message_in_the_code_has_an_english_translation():
    """Extract from the sources (as `pybabel extract -F babel.cfg` does) and look each one up."""
    from pathlib import Path

    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.pofile import read_po

    root = Path(__file__).parent.parent
    catalog = read_po(open(root / "translations/en/LC_MESSAGES/messages.po", "rb"))
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string}
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    missing = set()
    for folder, method in (("hrflow", "python"), ("templates", "jinja2")):
        for _, _, message, _, _ in extract_from_dir(root / folder, [("**.py", "python"), ("**.html", method)],
                                                    keywords=keywords):
            key = message if isinstance(message, str) else message[0]
            if key and key not in translated:
                missing.add(key)
    assert sorted(missing) == []
