from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.uscc import check_char, make_uscc, normalize_uscc, uscc_error, validate_uscc

# Published codes of real organisations (their check characters are part of the standard's examples in use).
VALID = ["91350100M000100Y43", "91110000600037341L", "11100000000013127D"]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code):
    assert uscc_error(code) is None


def test_lower_case_input_is_normalised_to_upper_case():
    assert normalize_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"
    validate_uscc("91350100m000100y43")


def test_wrong_check_character_is_rejected_naming_the_field_and_the_expected_character():
    message = uscc_error("91350100M000100Y44")
    assert "统一社会信用代码" in message and "第18位应为 3" in message


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_letters_the_standard_excludes_are_rejected(letter):
    code = "91350100M000100" + letter + "4"
    body = code[:17]
    code = body + "3"
    message = uscc_error(code)
    assert message is not None and letter in message


@pytest.mark.parametrize("code", ["", "9135010", "91350100M000100Y431", "9A3501X0M000100Y43"])
def test_wrong_length_or_region_is_rejected(code):
    with pytest.raises(ValidationError):
        validate_uscc(code)


def test_generated_demo_codes_are_valid():
    for serial in range(1, 500, 7):
        code = make_uscc("450102", serial)
        assert uscc_error(code) is None, code
        assert check_char(code[:17]) == code[17]
