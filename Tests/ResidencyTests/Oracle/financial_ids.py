#!/usr/bin/env python3
# Strait — compliance gateway for cross-border fintech. Apache-2.0.
"""Oracle cases for the card and IBAN detectors (Tests/ResidencyTests/FinancialIdentifierTests.swift).

    financial_ids.py             JSON lines {"kind": "card"|"iban", "value": ..., "valid": ...}
    financial_ids.py --registry  JSON lines {"country": ..., "length": ...}, schwifty's IBAN registry

Cases are generated with a fixed seed; the verdict printed is the oracle's, whatever the generator
meant. The rules compared:

card  valid <=> the value is ASCII digits in groups separated by single spaces or hyphens
      (r"[0-9]+(?:[ -][0-9]+)*", no separator at either end), at most 64 characters, and its digits
      are 12 to 19 and pass stdnum.luhn.is_valid.
iban  valid <=> the value is at most 64 characters of ASCII letters, digits and spaces, and
      schwifty.IBAN(value, validate_bban=False) does not raise. That covers the registered country,
      its length and BBAN format (schwifty checks the format even with validate_bban=False;
      validate_bban=True would add the national check digits of some countries, which the Swift
      side does not implement), and the ISO 7064 check digits (02..98 only). The first two
      conditions are the Swift side's input rule: schwifty itself also strips tabs, line breaks and
      Unicode white space and upper-cases non-ASCII letters, and has no length limit; the few
      cases that exercise this are marked in the generator below.
"""

import json
import random
import re
import string
import sys

from schwifty import IBAN, registry
from schwifty.exceptions import SchwiftyException
from stdnum import luhn

SEED = 20260505
rng = random.Random(SEED)

# --- oracles -----------------------------------------------------------------------------------

CARD_SHAPE = re.compile(r"[0-9]+(?:[ -][0-9]+)*")
IBAN_CHARACTERS = set(string.ascii_letters + string.digits + " ")
MAX_INPUT = 64


def card_oracle(value: str) -> bool:
    if len(value.encode("utf-8")) > MAX_INPUT or not CARD_SHAPE.fullmatch(value):
        return False
    digits = value.replace(" ", "").replace("-", "")
    return 12 <= len(digits) <= 19 and luhn.is_valid(digits)


def schwifty_accepts(value: str) -> bool:
    try:
        IBAN(value, validate_bban=False)
        return True
    except SchwiftyException:
        return False


def iban_oracle(value: str) -> bool:
    if len(value.encode("utf-8")) > MAX_INPUT or not set(value) <= IBAN_CHARACTERS:
        return False
    return schwifty_accepts(value)


# --- registry ----------------------------------------------------------------------------------

def iban_specs():
    raw = registry._default_registry._get("iban")  # every country schwifty knows
    return {country: registry.get_iban_spec(country) for country in sorted(raw)}


SPECS = iban_specs()

if "--registry" in sys.argv[1:]:
    for country, spec in SPECS.items():
        print(json.dumps({"country": country, "length": spec.iban_length}))
    sys.exit(0)

# --- cards -------------------------------------------------------------------------------------

# (IIN prefixes, lengths) per brand, plus prefixes of no brand the detector knows.
CARD_PREFIXES = [
    (["4"], [13, 16, 19]),
    ([str(p) for p in range(51, 56)] + ["2221", "2500", "2720", "2220", "2721"], [16]),
    (["34", "37"], [15]),
    (["6011", "644", "647", "649", "65"], [16, 17, 18, 19]),
    (["3528", "3550", "3589", "3527", "3590"], [16, 19]),
    (["62"], [16, 17, 19]),
    (["36", "300", "305", "38", "39", "306"], [14, 16, 19]),
    (["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"], [12, 13, 16, 19]),
    (["1", "7", "8", "9", "2200", "60", "35", "0"], [12, 15, 16, 19]),
]


def random_digits(count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def valid_card(prefix: str, length: int) -> str:
    body = prefix + random_digits(length - len(prefix) - 1)
    return body + luhn.calc_check_digit(body)


def group(digits: str, sizes, separator: str) -> str:
    parts, start = [], 0
    for size in sizes:
        if start >= len(digits):
            break
        parts.append(digits[start : start + size])
        start += size
    if start < len(digits):
        parts.append(digits[start:])
    return separator.join(parts)


def card_formats(digits: str):
    """The compact value and a few ways people write it."""
    yield digits
    yield group(digits, [4] * 5, " ")
    yield group(digits, [4, 6, 5], rng.choice([" ", "-"]))
    yield group(digits, [4] * 5, "-")


def card_mutations(digits: str):
    position = rng.randrange(len(digits))
    replacement = rng.choice([d for d in string.digits if d != digits[position]])
    yield digits[:position] + replacement + digits[position + 1 :]  # one digit changed
    i = rng.randrange(len(digits) - 1)
    yield digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]  # neighbours swapped
    yield digits[:-1]  # digit dropped
    yield digits + rng.choice(string.digits)  # digit added
    yield digits[:position] + rng.choice("aZ.x/+") + digits[position + 1 :]  # foreign character
    yield " " + digits  # separator at an end
    yield group(digits, [4] * 5, "  ")  # two separators in a row
    yield group(digits, [4] * 5, " - ")
    yield group(digits, [4] * 5, "\t")
    yield group(digits, [4] * 5, "_")
    # Non-ASCII digits (Arabic-Indic, full-width): never valid.
    yield digits.translate(str.maketrans(string.digits, "٠١٢٣٤٥٦٧٨٩"))
    yield digits.translate(str.maketrans(string.digits, "０１２３４５６７８９"))


def card_cases():
    cases = []
    for prefixes, lengths in CARD_PREFIXES:
        for prefix in prefixes:
            for length in lengths:
                for _ in range(3):
                    digits = valid_card(prefix, length)
                    cases.extend(card_formats(digits))
                    cases.extend(card_mutations(digits))
    # Lengths around the 12..19 bounds, Luhn-valid.
    for length in [1, 2, 8, 10, 11, 12, 19, 20, 21, 25, 40]:
        for _ in range(6):
            cases.append(valid_card(str(rng.randint(1, 9)), max(length, 2)))
    # Random digit strings: about one in ten passes Luhn.
    for _ in range(600):
        cases.append(random_digits(rng.randint(10, 21)))
    cases += ["", " ", "-", "0" * 16, "0" * 12, "0" * 20, "4111 1111 1111 1111", "4111-1111-1111-1111",
              "4111 1111 1111 1112", "4" + "0" * 63, "1" * 65, "4111 1111 1111 1111\n"]
    return cases


# --- IBANs -------------------------------------------------------------------------------------

CLASS_ALPHABET = {"n": string.digits, "a": string.ascii_uppercase, "c": string.digits + string.ascii_uppercase}


def bban_classes(spec) -> str:
    """One class letter (n, a, c) per BBAN position, from the registry's bban_spec (all fixed: 'k!x')."""
    classes = ""
    for count, kind in re.findall(r"(\d+)!([nac])", spec.bban_spec):
        classes += kind * int(count)
    assert len(classes) == spec.bban_length, spec
    return classes


def random_bban(country: str) -> str:
    return "".join(rng.choice(CLASS_ALPHABET[kind]) for kind in bban_classes(SPECS[country]))


def check_digits(country: str, bban: str) -> str:
    return IBAN.from_bban(country, bban, allow_invalid=True).checksum_digits


def valid_iban(country: str) -> str:
    """A valid IBAN: with IBAN.generate from bank and account codes where schwifty knows the BBAN
    positions (it pads the codes and may fill in national check digits), else from a random BBAN."""
    spec = SPECS[country]
    bban = random_bban(country)
    positions = spec.positions
    if spec.has_positions and rng.random() < 0.7:
        codes = {}
        for component in ("bank_code", "branch_code", "account_code"):
            span = positions.get(registry.Component(component))
            if span is not None and not span.is_empty:
                codes[component] = span.cut(bban)
        try:
            return str(IBAN.generate(country, **codes))
        except SchwiftyException:
            pass  # a format the generator cannot fill; fall back to the BBAN
    return str(IBAN.from_bban(country, bban))


def formatted(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def iban_mutations(iban: str):
    country, bban = iban[:2], iban[4:]
    i = rng.randrange(4, len(iban))
    char = iban[i]
    alphabet = string.digits if char.isdigit() else string.ascii_uppercase
    yield iban[:i] + rng.choice([c for c in alphabet if c != char]) + iban[i + 1 :]  # changed character
    j = rng.randrange(2, len(iban) - 1)
    yield iban[:j] + iban[j + 1] + iban[j] + iban[j + 2 :]  # neighbours swapped (may be equal: valid)
    yield iban[:-1]  # too short
    yield iban + rng.choice(string.digits)  # too long
    yield country + f"{rng.randrange(100):02d}" + bban  # arbitrary check digits (1 in 97 right)
    unknown = rng.choice(["XX", "AA", "US", "ZZ", "CA", "JP", "QQ"])
    yield unknown + check_digits(unknown, bban) + bban  # unregistered country, right mod 97
    yield iban.lower()
    yield formatted(iban).lower()
    yield formatted(iban).replace(" ", "-")
    yield " " + formatted(iban) + " "
    yield formatted(iban).replace(" ", "  ")
    # A BBAN character of the wrong class, with check digits recomputed: only the format is wrong.
    classes = bban_classes(SPECS[country])
    slots = [k for k, kind in enumerate(classes) if kind != "c"]
    if slots:
        k = rng.choice(slots)
        wrong = rng.choice(string.ascii_uppercase if classes[k] == "n" else string.digits)
        bad = bban[:k] + wrong + bban[k + 1 :]
        yield country + check_digits(country, bad) + bad
    # Another country's BBAN with check digits recomputed: wrong length or format.
    other = rng.choice(list(SPECS))
    other_bban = random_bban(other)
    yield country + check_digits(country, other_bban) + other_bban


def alias_check_digit_cases(count: int):
    """IBANs whose check digits are 00, 01 or 99 where ISO 7064 computes 97, 98 or 02: 1 mod 97, but
    schwifty (and the Swift side) refuse them."""
    aliases = {"97": "00", "98": "01", "02": "99"}
    cases, countries = [], list(SPECS)
    while len(cases) < count:
        country = rng.choice(countries)
        bban = random_bban(country)
        digits = check_digits(country, bban)
        if digits in aliases:
            cases.append(country + digits + bban)  # the genuine one
            cases.append(country + aliases[digits] + bban)
    return cases


def iban_cases():
    cases = []
    for country in SPECS:
        for _ in range(10):
            iban = valid_iban(country)
            cases.append(rng.choice([iban, formatted(iban)]))
            cases.extend(iban_mutations(iban))
    cases += alias_check_digit_cases(40)
    # Schwifty accepts these, the input rule refuses them (marked in the module docstring).
    cases += [
        "GB82\tWEST12345698765432",
        "GB82 WEST 1234 5698 7654 32\n",
        "GB82\u00a0WEST\u00a01234\u00a05698\u00a07654\u00a032",
        "GB82" + " " * 70 + "WEST12345698765432",
    ]
    cases += ["", " ", "GB", "GB82", "GB82W", "GB00WEST12345698765432", "1234WEST12345698765432",
              "GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00", "gb82west12345698765432",
              "GB82WEST1234569876543Ä", "ÄB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32 " * 3]
    return cases


for value in card_cases():
    print(json.dumps({"kind": "card", "value": value, "valid": card_oracle(value)}, ensure_ascii=False))
for value in iban_cases():
    print(json.dumps({"kind": "iban", "value": value, "valid": iban_oracle(value)}, ensure_ascii=False))
