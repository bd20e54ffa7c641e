#!/usr/bin/env python3
# Strait — compliance gateway for cross-border fintech. Apache-2.0.
"""Oracle cases for the Asian national identity numbers that onboarding validates
(Sources/Screening/Documents/AsianNationalIDs.swift: cn.ric, in.aadhaar, id.nik, my.nric, sg.nric,
hk.hkid).

Prints JSON lines
  {"scheme": ..., "value": ..., "valid": <verdict>, "source": "stdnum" | "reference",
   "family": null | "shape" | "check" | "data", "birth_date": "YYYY-MM-DD" | null, "sex": ...}

"source" says where the verdict comes from:
  stdnum     python-stdnum's validate() (cn.ric, in_.aadhaar, id.nik, my.nric);
  reference  python-stdnum 2.2 has no module for Singapore NRIC/FIN or Hong Kong HKID, so these
             verdicts come from REFERENCE IMPLEMENTATIONS WRITTEN IN THIS SCRIPT from the published
             rules (sg_reference, hk_reference below), independently of Residency's Swift code
             (different formulation of the same rule: reversed letter tables, 11 - remainder).
"family" is why the number fails, from stdnum's exception (InvalidLength/InvalidFormat: shape,
InvalidChecksum: check, InvalidComponent or a failed table lookup: data). "birth_date" is stdnum's
get_birth_date() for valid cn.ric, id.nik and my.nric numbers (stdnum reads a two-digit year as 19YY,
else 20YY; Strait as the latest year not after today: the Swift test compares month, day and the
year modulo 100). "sex" is this script's reading of the published rule (cn.ric: odd sequence for
men; id.nik: day + 40 for women; my.nric: odd last digit for men), not stdnum's.

The generators build valid numbers by computing check digits (stdnum's check-digit helpers for
cn.ric and Aadhaar, this script's own for Singapore and Hong Kong) over random dates and codes
from stdnum's own tables, and invalid ones by mutation (digit change, transposition, deletion,
insertion, wrong check character, wrong length, letters, bad dates, unknown region, province and
birthplace codes). The verdict written out is always the oracle's, never the generator's intent.

Where Strait classifies a failure differently, a line carries "swift_family" and "why_family"
(cn.ric: a letter other than X as the check character is a shape error for Strait, a checksum
error for stdnum).

Where Strait deliberately differs, a line carries "swift": <Strait's verdict> and "why": <reason>:
  cn.ric  Strait checks that the region code lies in a province-level division, not stdnum's
          county table with the years each county code was in use;
  cn.ric  Strait removes spaces and hyphens (`110105 19491231 002X`), stdnum does not;
  cn.ric  Strait refuses a birth date after today, stdnum accepts it.

Usage:
  asian_national_ids.py [--seed N] [--per-scheme N] [--today YYYY-MM-DD] [--scheme S ...]
  asian_national_ids.py --check          exit 0 when python-stdnum is importable
"""

import argparse
import datetime
import json
import random
import sys

try:
    import stdnum  # noqa: F401
    from stdnum import numdb, verhoeff
    from stdnum.cn import ric
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
    from stdnum.id import nik
    from stdnum.in_ import aadhaar
    from stdnum.my import nric
    from stdnum.util import clean
except ImportError as error:  # pragma: no cover
    print(f'python-stdnum is not available: {error}', file=sys.stderr)
    sys.exit(3)

DIGITS = '0123456789'
LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
FULLWIDTH = {ord(d): 0xFF10 + i for i, d in enumerate(DIGITS)}
CN_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                53, 54, 61, 62, 63, 64, 65, 71, 81, 82}


# ---------------------------------------------------------------------------------------------
# Reference implementations of the published rules (no stdnum module exists for these)

class ReferenceError_(Exception):
    def __init__(self, family):
        super().__init__(family)
        self.family = family


def sg_reference(value):
    """Singapore NRIC/FIN (ICA): prefix S, T, F, G or M; 7 digits; check letter.
    Weighted sum of the digits with weights 2, 7, 6, 5, 4, 3, 2, plus 4 for T and G and 3 for M;
    p = 11 - (sum mod 11) indexes (1-based) the published tables A B C D E F G H I Z J (S, T),
    K L M N P Q R T U W X (F, G) and K L J N P Q R T U W X (M). Spaces and hyphens are ignored,
    letters may be lowercase (formatting as stdnum's clean() reads it: Unicode spaces, dashes and
    fullwidth digits folded)."""
    compact = clean(value, ' -').strip().upper()
    if len(compact) != 9:
        raise ReferenceError_('shape')
    prefix, body, check = compact[0], compact[1:8], compact[8]
    if prefix not in 'STFGM' or not body.isdigit() or not body.isascii() or check not in LETTERS:
        raise ReferenceError_('shape')
    total = sum(int(d) * w for d, w in zip(body, (2, 7, 6, 5, 4, 3, 2)))
    total += {'S': 0, 'F': 0, 'T': 4, 'G': 4, 'M': 3}[prefix]
    p = 11 - total % 11
    table = {'S': 'ABCDEFGHIZJ', 'T': 'ABCDEFGHIZJ', 'F': 'KLMNPQRTUWX', 'G': 'KLMNPQRTUWX', 'M': 'KLJNPQRTUWX'}[prefix]
    if table[p - 1] != check:
        raise ReferenceError_('check')
    return compact


def hk_value(char):
    return 36 if char == ' ' else ord(char) - ord('A') + 10


def hk_check(letters, digits6):
    """Published HKID rule: the letters padded on the left with a space (value 36) to two
    positions, A = 10 ... Z = 35, digits at face value, weights 9 ... 2; check = 11 - (sum mod 11),
    11 written 0 and 10 written A."""
    chars = letters.rjust(2, ' ')
    total = hk_value(chars[0]) * 9 + hk_value(chars[1]) * 8
    total += sum(int(d) * w for d, w in zip(digits6, range(7, 1, -1)))
    check = 11 - total % 11
    return '0' if check == 11 else 'A' if check == 10 else str(check)


def hk_reference(value):
    """Hong Kong HKID: one or two letters, 6 digits and a check character, which may be written in
    parentheses; spaces and hyphens are ignored, letters may be lowercase (formatting read with
    stdnum's clean(), as for Singapore)."""
    compact = clean(value, ' -').strip().upper()
    if len(compact) >= 3 and compact[-3] == '(' and compact[-1] == ')':
        compact = compact[:-3] + compact[-2]
    if len(compact) not in (8, 9):
        raise ReferenceError_('shape')
    letters, digits6, check = compact[:-7], compact[-7:-1], compact[-1]
    if not all(c in LETTERS for c in letters) or not all(c in DIGITS for c in digits6) or check not in DIGITS + 'A':
        raise ReferenceError_('shape')
    if hk_check(letters, digits6) != check:
        raise ReferenceError_('check')
    return compact


# ---------------------------------------------------------------------------------------------
# verdicts

FAMILY = {InvalidLength: 'shape', InvalidFormat: 'shape', InvalidChecksum: 'check', InvalidComponent: 'data'}


def verdict(scheme, value):
    """(valid, family of the failure or None)."""
    if scheme == 'sg.nric' or scheme == 'hk.hkid':
        try:
            (sg_reference if scheme == 'sg.nric' else hk_reference)(value)
            return True, None
        except ReferenceError_ as error:
            return False, error.family
    module = MODULES[scheme]
    try:
        module.validate(value)
        return True, None
    except ValidationError as error:
        for kind, family in FAMILY.items():
            if isinstance(error, kind):
                return False, family
        return False, 'shape'
    except (KeyError, IndexError):  # cn.ric: a region inside a province with no county entry
        return False, 'data'


def cn_structural(value):
    """stdnum's cn.ric verdict with the place check reduced to the province (its compact form,
    length, checksum and date rules unchanged): Strait's rule."""
    original = ric.get_birth_place

    def province_only(number):
        if int(ric.compact(number)[:2]) not in CN_PROVINCES:
            raise InvalidComponent()
        return {}

    ric.get_birth_place = province_only
    try:
        return verdict('cn.ric', value)
    finally:
        ric.get_birth_place = original


def deliberate(scheme, value, valid, today):
    """(Strait's verdict, reason) where Strait deliberately differs from the oracle, else None."""
    if scheme != 'cn.ric':
        return None
    stripped = value.strip().translate({ord(' '): None, ord('-'): None, 0xA0: None})
    structural, _ = cn_structural(stripped)
    swift = structural
    if structural:
        born = ric.get_birth_date(stripped)
        if born > today:
            swift = False
    if swift == valid:
        return None
    if stripped != value.strip() and verdict('cn.ric', stripped)[0] != valid and swift == verdict('cn.ric', stripped)[0]:
        return swift, 'Strait removes spaces and hyphens in cn.ric; stdnum does not'
    if structural and not swift:
        return swift, 'birth date after today: stdnum accepts it, Strait refuses it'
    return swift, 'Strait checks the province-level division of the region code, not the county table'


# ---------------------------------------------------------------------------------------------
# helpers

def random_date(rng, first, last):
    return datetime.date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def years_ago(today, years):
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def mutate(rng, value, alphabet=DIGITS):
    """One random corruption of a compact value."""
    kind = rng.choice(['digit', 'digit', 'digit', 'transpose', 'transpose', 'delete', 'insert', 'letter', 'last',
                       'truncate', 'extend'])
    chars = list(value)
    i = rng.randrange(len(chars))
    if kind == 'digit':
        chars[i] = rng.choice([c for c in alphabet if c != chars[i]] or list(alphabet))
    elif kind == 'transpose' and len(chars) > 1:
        i = rng.randrange(len(chars) - 1)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif kind == 'delete':
        del chars[i]
    elif kind == 'insert':
        chars.insert(i, rng.choice(DIGITS))
    elif kind == 'letter':
        chars[i] = rng.choice(LETTERS)
    elif kind == 'last':
        chars[-1] = rng.choice([c for c in alphabet if c != chars[-1]])
    elif kind == 'truncate':
        chars = chars[:rng.randrange(len(chars))]
    elif kind == 'extend':
        chars += [rng.choice(DIGITS) for _ in range(rng.randint(1, 3))]
    return ''.join(chars)


def group(value, sizes, sep):
    out, at = [], 0
    for size in sizes:
        out.append(value[at:at + size])
        at += size
    if at < len(value):
        out.append(value[at:])
    return sep.join(part for part in out if part)


def pad(rng, value):
    roll = rng.random()
    if roll < 0.05:
        return ' ' + value + ' '
    if roll < 0.07:
        return '\t' + value + '\n'
    return value


# ---------------------------------------------------------------------------------------------
# generators: each returns a list of values

def cn_regions():
    """{6-digit code: [(first_year or None, last_year or None), ...]} from stdnum's table."""
    table = {}
    for _, province, _, _, counties in numdb.get('cn/loc').prefixes:
        for _, suffix, _, props, _ in counties:
            ranges = []
            for county in props['county'].split(','):
                if not county.startswith('['):
                    ranges.append((None, None))
                    continue
                span, _name = county[1:].split(']', 1)
                first, last = span.split('-')
                ranges.append((int(first) if first else None, int(last) if last else None))
            table[province + suffix] = ranges
    return table


def cn_cases(rng, count, today):
    table = cn_regions()
    codes = sorted(table)
    provinces = sorted({c[:2] for c in codes})

    def with_check(body):
        return body + ric.calc_check_digit(body + '0')

    def valid_number():
        code = rng.choice(codes)
        lo, hi = rng.choice(table[code])
        first = max(lo if lo is not None else 1930, 1900)
        last = min(hi if hi is not None else today.year, today.year)
        if first > last:
            first = last
        day = random_date(rng, datetime.date(first, 1, 1), min(datetime.date(last, 12, 31), today))
        return with_check(code + day.strftime('%Y%m%d') + f'{rng.randrange(1000):03d}')

    out = []
    for n in range(count):
        kind = n % 12
        if kind < 4:
            value = valid_number()
            if value.endswith('X') and rng.random() < 0.5:
                value = value[:-1] + 'x'
            out.append(pad(rng, value))
        elif kind < 7:
            out.append(mutate(rng, valid_number(), DIGITS + 'X'))
        elif kind == 7:
            value = valid_number()
            out.append(value[:-1] + rng.choice([c for c in DIGITS + 'X' if c != value[-1]]))
        elif kind == 8:  # impossible, edge and future dates with the right check character
            code = rng.choice(codes)
            future = random_date(rng, today + datetime.timedelta(days=1), datetime.date(today.year + 30, 12, 31))
            date = rng.choice(['19000229', '20000229', '19960229', '19970229', '20230230', '19991301', '19990100',
                               '19990132', '19990431', '00000101', '00010101', '99991231', '21000229',
                               today.strftime('%Y%m%d'), future.strftime('%Y%m%d'), future.strftime('%Y%m%d'),
                               f'{rng.randint(1900, 2030)}{rng.randint(0, 13):02d}{rng.randint(0, 32):02d}'])
            out.append(with_check(code + date + f'{rng.randrange(1000):03d}'))
        elif kind == 9:  # region codes: random, inside a known province, or outside their years
            roll = rng.random()
            if roll < 0.4:
                code = f'{rng.randrange(1000000):06d}'
            elif roll < 0.7:
                code = rng.choice(provinces) + f'{rng.randrange(10000):04d}'
            else:
                code = rng.choice([c for c in codes if table[c] != [(None, None)]])
            out.append(with_check(code + f'{rng.randint(1940, 2024)}0615' + f'{rng.randrange(1000):03d}'))
        elif kind == 10:  # lengths and characters
            value = valid_number()
            out.append(rng.choice([value[:17], value + '1', value[:10], value[:-1] + 'A', 'X' + value[1:],
                                   value[:5] + 'O' + value[6:], '', value.lower(), value.translate(FULLWIDTH),
                                   value[:6] + '.' + value[6:], value[:6] + '/' + value[6:]]))
        else:  # human formatting: Strait removes spaces and hyphens, stdnum does not
            out.append(group(valid_number(), [6, 8, 4], rng.choice([' ', '-'])))
    return out


def aadhaar_cases(rng, count, today):
    def valid_number():
        while True:
            body = rng.choice('23456789') + ''.join(rng.choice(DIGITS) for _ in range(10))
            value = body + verhoeff.calc_check_digit(body)
            if value != value[::-1]:
                return value

    out = []
    for n in range(count):
        kind = n % 10
        if kind < 4:
            value = valid_number()
            style = rng.random()
            if style < 0.3:
                value = group(value, [4, 4, 4], ' ')
            elif style < 0.4:
                value = group(value, [4, 4, 4], '-')
            elif style < 0.45:
                value = group(value, [4, 4, 4], '\u00a0')
            out.append(pad(rng, value))
        elif kind < 7:
            out.append(mutate(rng, valid_number()))
        elif kind == 7:  # first digit 0 or 1 with a right check digit
            body = rng.choice('01') + ''.join(rng.choice(DIGITS) for _ in range(10))
            out.append(body + verhoeff.calc_check_digit(body))
        elif kind == 8:  # palindromes, some with a right check digit
            while True:
                half = rng.choice('23456789') + ''.join(rng.choice(DIGITS) for _ in range(5))
                value = half + half[::-1]
                if verhoeff.is_valid(value) or rng.random() < 0.3:
                    break
            out.append(value)
        else:
            value = valid_number()
            out.append(rng.choice([value[:11], value + '0', value.replace(value[3], 'A', 1), '', value[:4] + '.' + value[4:],
                                   value[:6] + '_' + value[6:], '0' * 12, '2' * 12, value[:4] + '/' + value[4:]]))
    return out


def two_digit_date(rng, today):
    """A birth date within the last 100 years (both centuries of a two-digit year occur)."""
    return random_date(rng, years_ago(today, 99), today)


def nik_cases(rng, count, today):
    provinces = sorted(low for _, low, _, _, _ in numdb.get('id/loc').prefixes)

    def valid_number():
        date = two_digit_date(rng, today)
        day = date.day + (40 if rng.random() < 0.5 else 0)
        return (rng.choice(provinces) + f'{rng.randrange(100):02d}{rng.randrange(100):02d}'
                + f'{day:02d}{date.month:02d}{date.year % 100:02d}' + f'{rng.randrange(10000):04d}')

    out = []
    for n in range(count):
        kind = n % 10
        if kind < 4:
            value = valid_number()
            style = rng.random()
            if style < 0.2:
                value = group(value, [2, 2, 2, 6, 4], '.')
            elif style < 0.3:
                value = group(value, [6, 6, 4], ' ')
            elif style < 0.35:
                value = group(value, [6, 6, 4], '-')
            out.append(pad(rng, value))
        elif kind < 6:
            out.append(mutate(rng, valid_number()))
        elif kind == 6:  # day fields: 00, 32-40, 72-80, 81-99 (the day is read modulo 40)
            value = valid_number()
            day = rng.choice([0, 29, 30, 31, 32, 39, 40, 41, 69, 70, 71, 72, 79, 80, 81, 85, 99])
            out.append(value[:6] + f'{day:02d}' + value[8:])
        elif kind == 7:  # months and leap days
            value = valid_number()
            ddmm = rng.choice(['2902', '6902', '3002', '7002', '3104', '0100', '0113', '1512', '3112'])
            yy = rng.choice(['00', '01', '04', '20', '24', '96', '97', f'{today.year % 100:02d}', f'{rng.randrange(100):02d}'])
            out.append(value[:6] + ddmm + yy + value[12:])
        elif kind == 8:  # province codes outside the table
            value = valid_number()
            out.append(f'{rng.randrange(100):02d}' + value[2:])
        else:
            value = valid_number()
            out.append(rng.choice([value[:15], value + '1', value[:8] + 'AB' + value[10:], '', value[:4] + '/' + value[4:],
                                   value[:12] + '*' + value[12:]]))
    return out


def my_cases(rng, count, today):
    places = sorted(low for _, low, _, _, _ in numdb.get('my/bp').prefixes)

    def valid_number():
        return two_digit_date(rng, today).strftime('%y%m%d') + rng.choice(places) + f'{rng.randrange(10000):04d}'

    out = []
    for n in range(count):
        kind = n % 10
        if kind < 4:
            value = valid_number()
            style = rng.random()
            if style < 0.4:
                value = group(value, [6, 2, 4], '-')
            elif style < 0.5:
                value = group(value, [6, 2, 4], ' ')
            elif style < 0.55:
                value = value[:6] + '*' + value[6:]
            elif style < 0.6:
                value = group(value, [6, 2, 4], '\u2013')
            out.append(pad(rng, value))
        elif kind < 6:
            out.append(mutate(rng, valid_number()))
        elif kind == 6:  # birthplace codes, including the gaps in the table
            value = valid_number()
            out.append(value[:6] + f'{rng.randrange(100):02d}' + value[8:])
        elif kind == 7:  # dates
            value = valid_number()
            yymmdd = rng.choice(['000229', '040229', '010229', '960229', '970229', '991301', '990100', '990132',
                                 '990431', '000000', today.strftime('%y%m%d'),
                                 f'{rng.randrange(100):02d}{rng.randrange(14):02d}{rng.randrange(33):02d}'])
            out.append(yymmdd + value[6:])
        elif kind == 8:
            out.append(group(valid_number(), [6, 2, 4], rng.choice(['/', '.', '_'])))
        else:
            value = valid_number()
            out.append(rng.choice([value[:11], value + '1', value[:7] + 'A' + value[8:], '', 'A' + value[1:]]))
    return out


def sg_cases(rng, count, today):
    def check_letter(prefix, body):
        total = sum(int(d) * w for d, w in zip(body, (2, 7, 6, 5, 4, 3, 2)))
        total += {'S': 0, 'F': 0, 'T': 4, 'G': 4, 'M': 3}[prefix]
        table = {'S': 'ABCDEFGHIZJ', 'T': 'ABCDEFGHIZJ', 'F': 'KLMNPQRTUWX', 'G': 'KLMNPQRTUWX', 'M': 'KLJNPQRTUWX'}[prefix]
        return table[10 - total % 11]

    def valid_number(prefix=None):
        prefix = prefix or rng.choice('STFGM')
        body = ''.join(rng.choice(DIGITS) for _ in range(7))
        return prefix + body + check_letter(prefix, body)

    out = []
    for n in range(count):
        kind = n % 10
        if kind < 4:
            value = valid_number()
            roll = rng.random()
            if roll < 0.15:
                value = value.lower()
            elif roll < 0.25:
                value = value[0] + ' ' + value[1:8] + ' ' + value[8]
            elif roll < 0.3:
                value = value[:8] + '-' + value[8]
            out.append(pad(rng, value))
        elif kind < 7:
            out.append(mutate(rng, valid_number(), DIGITS))
        elif kind == 7:  # another check letter, or another prefix with the same digits
            value = valid_number()
            if rng.random() < 0.5:
                out.append(value[:8] + rng.choice([c for c in LETTERS if c != value[8]]))
            else:
                out.append(rng.choice([c for c in 'STFGM' if c != value[0]]) + value[1:])
        elif kind == 8:  # prefixes outside STFGM
            value = valid_number()
            out.append(rng.choice('ABCDEHKLNPXZ') + value[1:])
        else:
            value = valid_number()
            out.append(rng.choice([value[:8], value + 'A', value[1:], value[:8] + '1', '', value[:4] + '.' + value[4:],
                                   value[0] + value[1:8].translate(FULLWIDTH) + value[8]]))
    return out


def hk_cases(rng, count, today):
    def valid_number():
        letters = ''.join(rng.choice(LETTERS) for _ in range(1 if rng.random() < 0.7 else 2))
        body = ''.join(rng.choice(DIGITS) for _ in range(6))
        return letters + body + hk_check(letters, body)

    out = []
    for n in range(count):
        kind = n % 10
        if kind < 4:
            value = valid_number()
            roll = rng.random()
            if roll < 0.4:
                value = value[:-1] + '(' + value[-1] + ')'
            elif roll < 0.5:
                value = value.lower()
            elif roll < 0.6:
                value = value[:-1] + ' (' + value[-1] + ')'
            elif roll < 0.65:
                value = value[:-1] + '-' + value[-1]
            out.append(pad(rng, value))
        elif kind < 7:
            out.append(mutate(rng, valid_number(), DIGITS + 'A'))
        elif kind == 7:  # another check character, or another letter
            value = valid_number()
            if rng.random() < 0.5:
                out.append(value[:-1] + rng.choice([c for c in DIGITS + 'A' if c != value[-1]]))
            else:
                i = 0 if value[1] in DIGITS else rng.randrange(2)
                out.append(value[:i] + rng.choice([c for c in LETTERS if c != value[i]]) + value[i + 1:])
        elif kind == 8:  # letters added or removed
            value = valid_number()
            out.append(rng.choice([rng.choice(LETTERS) + value, value[1:], value[:-1] + '(' + value[-1]]))
        else:
            value = valid_number()
            out.append(rng.choice([value[:-1], value + '1', value[:-1] + 'B', '', value[:-1] + '[' + value[-1] + ']',
                                   value[:-2] + '(' + value[-2:] + ')', value[:-1] + '(' + value[-1] + ') ',
                                   '1' + value]))
    return out


MODULES = {'cn.ric': ric, 'in.aadhaar': aadhaar, 'id.nik': nik, 'my.nric': nric}
GENERATORS = {
    'cn.ric': cn_cases, 'in.aadhaar': aadhaar_cases, 'id.nik': nik_cases, 'my.nric': my_cases,
    'sg.nric': sg_cases, 'hk.hkid': hk_cases,
}
BIRTH_DATES = {'cn.ric': ric.get_birth_date, 'id.nik': nik.get_birth_date, 'my.nric': nric.get_birth_date}


def sex(scheme, value):
    if scheme == 'cn.ric':
        return 'male' if int(ric.compact(value)[14:17]) % 2 else 'female'
    if scheme == 'id.nik':
        return 'female' if int(nik.compact(value)[6:8]) > 40 else 'male'
    if scheme == 'my.nric':
        return 'male' if int(nric.compact(value)[11]) % 2 else 'female'
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--check', action='store_true')
    parser.add_argument('--seed', type=int, default=20261127)
    parser.add_argument('--per-scheme', type=int, default=3000)
    parser.add_argument('--today', default='2026-11-27', help='the date Strait validates against (future birth dates)')
    parser.add_argument('--scheme', action='append')
    args = parser.parse_args()
    if args.check:
        return 0
    today = datetime.date.fromisoformat(args.today)
    rng = random.Random(args.seed)
    out = sys.stdout
    for scheme, generate in GENERATORS.items():
        if args.scheme and scheme not in args.scheme:
            continue
        seen = set()
        for value in generate(rng, args.per_scheme, today):
            if value in seen:
                continue
            seen.add(value)
            valid, family = verdict(scheme, value)
            line = {'scheme': scheme, 'value': value, 'valid': valid,
                    'source': 'reference' if scheme in ('sg.nric', 'hk.hkid') else 'stdnum',
                    'family': family, 'birth_date': None, 'sex': None}
            if valid and scheme in BIRTH_DATES:
                line['birth_date'] = BIRTH_DATES[scheme](value).isoformat()
                line['sex'] = sex(scheme, value)
            if family == 'check' and scheme == 'cn.ric':
                compact = ric.compact(value)
                if compact[-1] not in DIGITS + 'X':
                    line['swift_family'] = 'shape'
                    line['why_family'] = 'a letter other than X as the check character: Strait reports characters, stdnum a checksum error'
            difference = deliberate(scheme, value, valid, today)
            if difference is not None:
                line['swift'], line['why'] = difference
            out.write(json.dumps(line, ensure_ascii=False) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
