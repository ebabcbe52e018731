"""统一社会信用代码 (GB 32100-2015) checked against codes published by real organisations and
hand-made wrong ones, never against codes built with the function under test.

The check character by hand: the 31 characters 0-9 A-H J-N P-R T U W-Y have the values 0..30; the
i-th of the first 17 characters (from 0) weighs 3^i mod 31; C18 = 31 - (Σ value × weight mod 31),
31 written as 0. Huawei's 91440300192203821|6: 9×1 + 1×3 + 4×9 + 4×27 + 0×19 + 3×26 + 0×16 + 0×17
+ 1×20 + 9×29 + 2×25 + 2×13 + 0×8 + 3×24 + 8×10 + 2×30 + 1×28 = 831; 831 mod 31 = 25; 31 - 25 = 6.
Every code below was checked this way by a separate script, not by core.uscc.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.uscc import check_char, make_uscc, normalize_uscc, uscc_error, validate_uscc

# Codes as the organisations publish them (company registry pages, Wikipedia's infobox, the TC260
# AIGC content-producer labels that carry the platform's code).
PUBLISHED = {
    "华为技术有限公司": "914403001922038216",
    "北京百度网讯科技有限公司": "91110000802100433B",
    "阿里巴巴（中国）有限公司": "91330100799655058B",
    "深圳市腾讯计算机系统有限公司": "91440300708461136T",
    "腾讯科技（深圳）有限公司": "9144030071526726XG",  # an X inside the body (the organisation code's check)
    "小米科技有限责任公司": "91110108551385082Q",
    "柯兴科技（深圳）有限公司": "91440300MA5H0HLK5U",  # a post-2015 body starting with MA
}


@pytest.mark.parametrize("code", PUBLISHED.values(), ids=PUBLISHED.keys())
def test_codes_published_by_real_organisations_are_valid(code):
    assert uscc_error(code) is None
    validate_uscc(code)


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("91440300192203821", "6"),
        ("91110000802100433", "B"),
        ("91440300708461136", "T"),
        ("9144030071526726X", "G"),
        ("91440300MA5H0HLK5", "U"),
        ("91450102000000001", "8"),
        ("91450102000000105", "A"),
        ("91450102000000028", "0"),  # Σ mod 31 = 0: 31 - 0 = 31 is written 0
    ],
)
def test_check_character_is_the_one_computed_by_hand(first17, expected):
    assert check_char(first17) == expected


# Hand-made wrong codes: (code, the check character the standard expects, what was changed).
WRONG = [
    ("914403001932038216", "C", "华为 with one body character changed (2 → 3)"),
    ("914403009122038216", "G", "华为 with two adjacent characters swapped"),
    ("91110000802100433A", "B", "百度 with a wrong check character"),
    ("91440300708461163T", "L", "腾讯 with the last two body digits swapped"),
    ("91330100799655058C", "B", "阿里巴巴 with the check character moved on by one"),
]


@pytest.mark.parametrize(("code", "expected", "why"), WRONG, ids=[w[2] for w in WRONG])
def test_a_code_with_one_mistake_is_rejected_naming_the_expected_check_character(code, expected, why):
    message = uscc_error(code)
    assert message is not None, why
    assert "统一社会信用代码" in message and f"第18位应为 {expected}" in message
    with pytest.raises(ValidationError):
        validate_uscc(code)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
@pytest.mark.parametrize("position", [12, 17], ids=["in-the-body", "as-check-character"])
def test_letters_the_standard_excludes_are_rejected_by_name(letter, position):
    code = PUBLISHED["北京百度网讯科技有限公司"]
    code = code[:position] + letter + code[position + 1 :]
    message = uscc_error(code)
    assert message is not None and letter in message and "不允许的字符" in message


def test_lower_case_input_is_normalised_to_upper_case():
    assert normalize_uscc(" 91110000802100433b ") == "91110000802100433B"
    validate_uscc("9144030071526726xg")


@pytest.mark.parametrize(
    "code",
    ["", "9111000080210043", "91110000802100433B1", "91AB0000802100433B"],
    ids=["empty", "too-short", "too-long", "letters-in-the-region"],
)
def test_wrong_length_or_region_is_rejected(code):
    with pytest.raises(ValidationError):
        validate_uscc(code)


def test_generated_demo_codes_match_codes_computed_by_hand():
    assert make_uscc("450102", 1) == "914501020000000018"
    assert make_uscc("450102", 31 * 31 + 5) == "91450102000000105A"
    for serial in range(1, 500, 7):
        assert uscc_error(make_uscc("450102", serial)) is None
