"""Resident identity card numbers (GB 11643): checksum, birth date and gender."""

from __future__ import annotations

from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


class IdNumberError(ValueError):
    pass


def parse_id_number(value: str) -> tuple[str, date, str]:
    """→ (normalised number, birth date, gender '男'/'女'); raises IdNumberError saying what is wrong."""
    number = value.strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("身份证号应为 18 位（最后一位可为 X）")
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != number[17]:
        raise IdNumberError("身份证号校验位不正确")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as error:
        raise IdNumberError("身份证号中的出生日期无效") from error
    gender = "男" if int(number[16]) % 2 else "女"
    return number, birth, gender


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]
