"""Any input ends in success or the import error with a message — never another exception, never a hang."""

import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrflow.importers import TableImportError, read_post_table
from hrflow.importers.sheets import parse_date
from hrflow.recruitment.idcard import IdNumberError, parse_id_number
from hrflow.rules import Applicant, evaluate, parse_requirements
from tests.conftest import SEED

SEED_BYTES = SEED.read_bytes()
FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
CELL_TEXT = st.text(alphabet=st.sampled_from(list("\t\n\r 　部门岗位设置主任工作人员1234567890（）()、。；由兼任此次不聘人名abc-")), max_size=400)


def import_or_refuse(data: bytes, name: str = "fuzz.txt"):
    try:
        table = read_post_table(data, name)
    except TableImportError as error:
        assert str(error).strip()
        return None
    totals = table.totals()
    assert 0 <= totals["filled"] <= totals["seats"]
    assert totals["vacant"] == totals["seats"] - totals["filled"]
    return table


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    import_or_refuse(data)


@FUZZ
@given(CELL_TEXT)
def test_random_table_like_text(text):
    import_or_refuse(text.encode("utf-8"))


@FUZZ
@given(st.integers(min_value=0, max_value=len(SEED_BYTES)))
def test_seed_cut_at_any_point(position):
    import_or_refuse(SEED_BYTES[:position])


@FUZZ
@given(st.lists(st.integers(min_value=0, max_value=SEED_BYTES.count(b"\n")), max_size=6))
def test_seed_with_lines_dropped(dropped):
    lines = SEED_BYTES.split(b"\n")
    kept = [line for i, line in enumerate(lines) if i not in set(dropped)]
    import_or_refuse(b"\n".join(kept))


@FUZZ
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=len(SEED_BYTES) - 1), st.integers(0, 255)), max_size=8))
def test_seed_with_bytes_flipped(flips):
    data = bytearray(SEED_BYTES)
    for position, value in flips:
        data[position] = value
    import_or_refuse(bytes(data))


@FUZZ
@given(st.one_of(st.integers(min_value=-10**30, max_value=10**30).map(str), st.text(alphabet="0123456789０９", max_size=5000)),
       st.sampled_from(["{}", "{}人", "主任{}名工作人员1名", "办公室{}人"]))
def test_any_count_is_read_within_its_limits_or_refused(number, pattern):
    """Counts of any size, in 设岗人数 or a department's headcount: refused with the import error, never another
    exception (int() refuses thousands of digits), and what is read fits its database column."""
    from hrflow.importers.model import MAX_SEATS
    from tests.test_import_formats import as_csv, with_cell

    column = 0 if pattern.startswith("办公室") else 2
    table = import_or_refuse(as_csv(with_cell(0, column, pattern.format(number))), "t.csv")
    if table is not None:
        assert all(0 <= p.seats <= MAX_SEATS for p in table.all_posts())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "big5", "shift_jis"])
def test_unsupported_encodings_are_refused_or_read_without_crashing(encoding):
    try:
        data = SEED_BYTES.decode("utf-8").encode(encoding, errors="replace")
    except LookupError:
        pytest.fail(encoding)
    import_or_refuse(data)


def test_text_renamed_docx_and_damaged_office_files():
    import io
    import zipfile

    assert import_or_refuse(SEED_BYTES, "table.docx") is not None  # read by content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>not really")
    assert import_or_refuse(buffer.getvalue(), "x.docx") is None
    rng = random.Random(7)
    from tests.test_import_formats import ROWS, as_docx, as_xlsx

    for build in (as_docx, as_xlsx):
        good = bytearray(build(ROWS))
        for _ in range(20):
            damaged = bytearray(good)
            for _ in range(5):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            import_or_refuse(bytes(damaged), "damaged")
        import_or_refuse(bytes(good[: len(good) // 2]), "half")


@FUZZ
@given(st.lists(st.text(max_size=80), max_size=6))
def test_requirement_parser_accepts_anything(items):
    rules = parse_requirements(items)
    for rule in rules:
        assert rule.text
    evaluate(rules, Applicant(name="甲", gender="女", birth_date=date(1990, 1, 1), education="本科"), date(2026, 6, 30))


@FUZZ
@given(st.one_of(st.text(max_size=30), st.dates().map(lambda d: d.isoformat()), st.dates().map(lambda d: d.strftime("%Y/%m/%d"))))
def test_date_parsing(text):
    try:
        value = parse_date(text, "f.csv", "第 2 行", "出生日期", required=False)
    except TableImportError as error:
        assert "出生日期" in str(error)
        return
    assert value is None or isinstance(value, date)


@FUZZ
@given(st.text(alphabet="0123456789Xx ", max_size=20))
def test_id_number_parsing(text):
    try:
        number, birth, gender = parse_id_number(text)
    except IdNumberError as error:
        assert str(error)
        return
    assert len(number) == 18 and gender in ("男", "女") and isinstance(birth, date)
