"""Explanations that remember how they were worded, so a reader who chose another language can read them.

A Said is the Chinese text itself (a str: stored, compared and printed as before) plus its parts: each part is
a message id (the Chinese wording with named placeholders, translated in messages.po) and its parameters, or
a piece of literal text (a rule as the post table wrote it, a certificate's name). Parameters that are Said
themselves are translated in turn; plain parameters are domain words, translated only when the glossary
(GLOSSARY, msgids in messages.po) knows them, else shown as written (majors, schools, certificates).

N_ is the marker pybabel extracts (its default keywords), so every wording below is checked for an English
translation by tests/test_i18n.py. Pure: the caller hands over its gettext."""

from __future__ import annotations

from collections.abc import Callable, Iterable

Params = dict[str, object]


class Said(str):
    parts: tuple[tuple[str | None, Params], ...]

    def __new__(cls, parts: Iterable[tuple[str | None, Params]]) -> Said:
        parts = tuple(parts)
        return _made("".join([_chinese(msgid, params) for msgid, params in parts]), parts)

    def __add__(self, other: str) -> Said:
        other = said(other)
        # The Chinese text of a sum is the sum of the texts: nothing is worded again.
        return _made(str.__add__(self, other), self.parts + other.parts)

    def __radd__(self, other: str) -> Said:
        other = said(other)
        return _made(str.__add__(other, self), other.parts + self.parts)

    def __reduce__(self):
        # str's own reduction would rebuild a Said from its Chinese text alone (a copy or a pickle).
        return Said, (self.parts,)

    def to_json(self) -> list[dict]:
        return [{"text": params["text"]} if msgid is None else {"msg": msgid, "params": _params_json(params)}
                for msgid, params in self.parts]

    @classmethod
    def from_json(cls, data: list[dict]) -> Said:
        parts: list[tuple[str | None, Params]] = []
        for part in data:
            if "msg" in part:
                params = {k: (cls.from_json(v["said"]) if isinstance(v, dict) else v)
                          for k, v in (part.get("params") or {}).items()}
                parts.append((str(part["msg"]), params))
            else:
                parts.append((None, {"text": str(part.get("text", ""))}))
        return cls(parts)

    def translated(self, gettext: Callable[[str], str]) -> str:
        return "".join(_translated(msgid, params, gettext) for msgid, params in self.parts)


def _made(text: str, parts: tuple[tuple[str | None, Params], ...]) -> Said:
    """A Said of a Chinese text already worded from these parts."""
    made = str.__new__(Said, text)
    made.parts = parts
    return made


def N_(msgid: str, **params: object) -> Said:  # noqa: N802 (the name gettext tools look for)
    return _made(_chinese(msgid, params), ((msgid, params),))


def said(text: object) -> Said:
    """A Said as it is, or any other text as literal text (not translated)."""
    if isinstance(text, Said):
        return text
    text = str(text)
    return _made(text, ((None, {"text": text}),) if text else ())


def joined(separator: Said, items: Iterable[object]) -> Said:
    """'；'.join(…) keeping every item's wording."""
    texts: list[str] = []
    parts: list[tuple[str | None, Params]] = []
    for item in items:
        item = said(item)
        if texts:
            texts.append(separator)
            parts.extend(separator.parts)
        texts.append(item)
        parts.extend(item.parts)
    return _made("".join(texts), tuple(parts))


SEMICOLON = "；"


def semicolons(items: Iterable[object]) -> Said:
    return joined(N_("；"), items)


def _chinese(msgid: str | None, params: Params) -> str:
    if msgid is None:
        return str(params["text"])
    # Every placeholder is %(name)s, which words any value as str() does.
    return msgid % params if params else msgid


def _params_json(params: Params) -> dict:
    return {k: ({"said": v.to_json()} if isinstance(v, Said) else v) for k, v in params.items()}


def _translated(msgid: str | None, params: Params, gettext: Callable[[str], str]) -> str:
    if msgid is None:
        # Literal text: a rule's own words stay as written, but a wording kept in a rule's parameters (a manual
        # check's reason) is a msgid too.
        return gettext(str(params["text"])) if params["text"] else ""
    text = gettext(msgid)
    if not params:
        return text
    return text % {k: _word(v, gettext) for k, v in params.items()}


def _word(value: object, gettext: Callable[[str], str]) -> str:
    if isinstance(value, Said):
        return value.translated(gettext)
    text = str(value)
    return gettext(text) if text in GLOSSARY else text


# Domain words that reach explanations as parameters: levels of education, degree, title and skill, genders.
# Their English is in messages.po; anything else (majors, certificates, schools) is shown as written.
GLOSSARY = frozenset({
    "初中", "高中", "中专", "高中/中专", "大专", "本科", "硕士研究生", "博士研究生", "研究生",
    "学士", "硕士", "博士",
    "员级", "助理级", "初级", "中级", "副高级", "正高级", "高级",
    "初级工", "中级工", "高级工", "技师", "高级技师",
    "男", "女", "男性", "女性",
    "中共党员", "中共预备党员", "共青团员", "群众",
    "全日制", "非全日制", "函授", "自学考试", "成人教育", "业余", "网络教育", "脱产", "统招",
})
