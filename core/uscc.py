"""统一社会信用代码 (GB 32100-2015): normalisation, check character, generation for demo data."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The 31 characters of the standard: digits and upper-case letters without I, O, Z, S, V.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
VALUE = {c: i for i, c in enumerate(ALPHABET)}


def normalize_uscc(raw: str) -> str:
    return (raw or "").strip().replace(" ", "").upper()


def check_char(first17: str) -> str:
    total = sum(VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_error(code: str) -> str | None:
    """The reason a (normalised) code is invalid, in Chinese, or None when it is valid."""
    if len(code) != 18:
        return _("统一社会信用代码应为18位，当前为%(n)d位。") % {"n": len(code)}
    bad = sorted({c for c in code if c not in VALUE})
    if bad:
        return _("统一社会信用代码含有不允许的字符：%(chars)s（标准不使用 I、O、Z、S、V）。") % {
            "chars": "、".join(bad)
        }
    if not code[2:8].isdigit():
        return _("统一社会信用代码第3-8位应为行政区划码（数字）。")
    expected = check_char(code[:17])
    if code[17] != expected:
        return _("统一社会信用代码校验位错误：第18位应为 %(c)s。") % {"c": expected}
    return None


def validate_uscc(value: str) -> None:
    error = uscc_error(normalize_uscc(value))
    if error:
        raise ValidationError(error, code="uscc")


def make_uscc(region_code: str, serial: int, *, dept: str = "9", kind: str = "1") -> str:
    """A valid code for demo data: department 9 (工商), kind 1 (企业), region, 9-char body."""
    body = ""
    n = serial
    for _i in range(9):
        body = ALPHABET[n % 31] + body
        n //= 31
    first17 = f"{dept}{kind}{region_code[:6]}{body}"
    return first17 + check_char(first17)
