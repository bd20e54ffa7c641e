#!/usr/bin/env python3
# Strait — compliance gateway for cross-border fintech. Apache-2.0.
"""Oracle cases for the national identity number validators in Sources/Residency.

Prints JSON lines {"scheme": ..., "value": ..., "valid": <python-stdnum's is_valid(value)>} for the
schemes python-stdnum covers (cn.ric, in.aadhaar, id.nik, my.nric, us.ssn). The generators below
build valid numbers (check digits from stdnum's own helpers) and invalid ones (digit changes,
transpositions, wrong check digits, bad dates, wrong lengths, letters, unknown codes), but the
verdict written out is always stdnum's, never the generator's intent.

A few inputs are ones where Strait deliberately differs from stdnum (see NationalIDs.swift):
those lines carry "swift": <Strait's verdict> and "why": <reason>. The Swift test checks those
against "swift" and every other line against "valid".

Usage:
  national_ids.py [--seed N] [--per-scheme N]   oracle cases (default seed 20240505, 2400 each)
  national_ids.py --check                       exit 0 when python-stdnum is importable
  national_ids.py --emit-cn-regions             print the China region-code validity table that
                                                NationalIDs.swift embeds (codes and years only)
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
    from stdnum.id import nik
    from stdnum.in_ import aadhaar
    from stdnum.my import nric
    from stdnum.us import ssn
except ImportError as error:  # pragma: no cover
    print(f'python-stdnum is not available: {error}', file=sys.stderr)
    sys.exit(3)

DIGITS = '0123456789'
LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
FULLWIDTH = {ord(d): 0xFF10 + i for i, d in enumerate(DIGITS)}


# ---------------------------------------------------------------------------------------------
# stdnum's own reference data, read through its public numdb module

def cn_regions():
    """{6-digit code: [(first_year or None, last_year or None), ...]} with None meaning open,
    and [] ... never: a code valid in every year has the single range (None, None)."""
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


def merged(ranges):
    """Union of inclusive year ranges, adjacent ones joined."""
    lo_inf, hi_inf = -10**9, 10**9
    spans = sorted((lo if lo is not None else lo_inf, hi if hi is not None else hi_inf) for lo, hi in ranges)
    out = []
    for lo, hi in spans:
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return [(None if lo == lo_inf else lo, None if hi == hi_inf else hi) for lo, hi in out]


def emit_cn_regions():
    table = cn_regions()
    provinces = {}
    for code in sorted(table):
        spans = merged(table[code])
        if spans == [(None, None)]:
            token = code[2:]
        else:
            token = code[2:] + ':' + '/'.join(
                f"{'' if lo is None else lo}-{'' if hi is None else hi}" for lo, hi in spans)
        provinces.setdefault(code[:2], []).append(token)
    for province, tokens in provinces.items():
        line = province
        for token in tokens:
            if len(line) + 1 + len(token) > 110:
                print(line)
                line = province
            line += ' ' + token
        print(line)


def id_provinces():
    return sorted(low for _, low, _, _, _ in numdb.get('id/loc').prefixes)


def my_birthplaces():
    return sorted(low for _, low, _, _, _ in numdb.get('my/bp').prefixes)


# ---------------------------------------------------------------------------------------------
# helpers

def oracle(module, value):
    """stdnum's verdict. is_valid can raise something other than ValidationError (cn.ric raises
    KeyError for a region code inside a known province that has no county entry); validate()
    failing in any way means the number is not valid."""
    try:
        return bool(module.is_valid(value))
    except Exception:  # noqa: BLE001
        return False


def random_date(rng, first_year, last_year):
    start = datetime.date(first_year, 1, 1).toordinal()
    end = datetime.date(last_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def mutate(rng, value, alphabet=DIGITS):
    """One random corruption of a compact value."""
    kind = rng.choice(['digit', 'digit', 'transpose', 'delete', 'insert', 'letter', 'last', 'truncate', 'extend'])
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
        chars[i] = rng.choice(LETTERS + 'x')
    elif kind == 'last':
        chars[-1] = rng.choice([c for c in DIGITS if c != chars[-1]])
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
    """Sometimes surround with whitespace (every stdnum compact() strips it)."""
    roll = rng.random()
    if roll < 0.05:
        return ' ' + value + ' '
    if roll < 0.08:
        return '\t' + value + '\n'
    return value


# ---------------------------------------------------------------------------------------------
# generators: each yields (value, extra) where extra is {} or {"swift": ..., "why": ...}

def cn_ric_cases(rng, count):
    table = cn_regions()
    codes = sorted(table)
    # codes inside a known province with no county entry (stdnum raises KeyError on these)
    provinces = sorted({c[:2] for c in codes})

    def with_check(body):
        return body + ric.calc_check_digit(body + '0')

    def valid_number():
        code = rng.choice(codes)
        lo, hi = rng.choice(table[code])
        first = max(lo if lo is not None else 1930, 1900)
        last = min(hi if hi is not None else 2024, 2024)
        if first > last:
            first, last = last, last
        day = random_date(rng, first, last)
        return with_check(code + day.strftime('%Y%m%d') + f'{rng.randrange(1000):03d}')

    for n in range(count):
        kind = n % 12
        if kind < 4:
            value = valid_number()
            if value.endswith('X') and rng.random() < 0.5:
                value = value[:-1] + 'x'
            yield pad(rng, value), {}
        elif kind < 7:
            yield mutate(rng, valid_number(), DIGITS + 'X'), {}
        elif kind == 7:
            value = valid_number()
            yield value[:-1] + rng.choice([c for c in DIGITS + 'X' if c != value[-1]]), {}
        elif kind == 8:  # impossible or unusual dates, checksum right
            code = rng.choice(codes)
            date = rng.choice(['19000229', '20000229', '19960229', '19970229', '20230230', '19991301',
                               '19990100', '19990132', '19990431', '00000101', '00010101', '99991231',
                               '20240229', '21000229', f'{rng.randint(1900, 2024)}{rng.randint(0, 13):02d}{rng.randint(0, 32):02d}'])
            yield with_check(code + date + f'{rng.randrange(1000):03d}'), {}
        elif kind == 9:  # region codes: unknown, province-only, or outside their years
            roll = rng.random()
            if roll < 0.4:
                code = f'{rng.randrange(1000000):06d}'
            elif roll < 0.7:
                code = rng.choice(provinces) + f'{rng.randrange(10000):04d}'
            else:
                code = rng.choice([c for c in codes if table[c] != [(None, None)]])
            year = rng.randint(1940, 2024)
            yield with_check(code + f'{year}0615' + f'{rng.randrange(1000):03d}'), {}
        elif kind == 10:  # letters and lengths
            value = valid_number()
            yield rng.choice([value[:17], value + '1', value[:10], value[:-1] + 'A', 'X' + value[1:],
                              value[:5] + 'O' + value[6:], '', value.lower(),
                              value.translate(FULLWIDTH), value[:-1].translate(FULLWIDTH) + '\uff38']), {}
        else:  # human formatting stdnum does not strip: Strait accepts spaces and hyphens
            value = valid_number()
            sep = rng.choice([' ', '-'])
            formatted = group(value, [6, 8, 4], sep)
            verdict = oracle(ric, value)
            extra = {}
            if oracle(ric, formatted) != verdict:
                extra = {'swift': verdict, 'why': 'Strait strips spaces and hyphens in cn.ric; stdnum does not'}
            yield formatted, extra


def aadhaar_cases(rng, count):
    def valid_number():
        while True:
            body = rng.choice('23456789') + ''.join(rng.choice(DIGITS) for _ in range(10))
            value = body + verhoeff.calc_check_digit(body)
            if value != value[::-1]:
                return value

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
            yield pad(rng, value), {}
        elif kind < 7:
            yield mutate(rng, valid_number()), {}
        elif kind == 7:  # first digit 0 or 1 with a correct check digit
            body = rng.choice('01') + ''.join(rng.choice(DIGITS) for _ in range(10))
            yield body + verhoeff.calc_check_digit(body), {}
        elif kind == 8:  # palindromes, some with a correct check digit
            while True:
                half = rng.choice('23456789') + ''.join(rng.choice(DIGITS) for _ in range(5))
                value = half + half[::-1]
                if verhoeff.is_valid(value) or rng.random() < 0.3:
                    break
            yield value, {}
        else:
            value = valid_number()
            yield rng.choice([value[:11], value + '0', value.replace(value[3], 'A', 1), '', value[:4] + '.' + value[4:],
                              value[:6] + '_' + value[6:], '0' * 12, '2' * 12]), {}


def nik_cases(rng, count):
    provinces = id_provinces()

    def valid_number(date=None, female=None):
        date = date or random_date(rng, 1920, 2019)
        female = rng.random() < 0.5 if female is None else female
        day = date.day + (40 if female else 0)
        return (rng.choice(provinces) + f'{rng.randrange(100):02d}{rng.randrange(100):02d}' +
                f'{day:02d}{date.month:02d}{date.year % 100:02d}' + f'{rng.randrange(10000):04d}')

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
            yield pad(rng, value), {}
        elif kind < 6:
            yield mutate(rng, valid_number()), {}
        elif kind == 6:  # day field edge cases: 00, 32-40, 72-80, 81-99 (stdnum takes day % 40)
            value = valid_number()
            day = rng.choice([0, 29, 30, 31, 32, 39, 40, 41, 69, 70, 71, 72, 79, 80, 81, 85, 99])
            yield value[:6] + f'{day:02d}' + value[8:], {}
        elif kind == 7:  # month and leap days (yy 00 is tried as 1900 then 2000)
            value = valid_number()
            ddmm = rng.choice(['2902', '6902', '3002', '7002', '3104', '0100', '0113', '1512', '3112'])
            yy = rng.choice(['00', '01', '04', '20', '24', '96', '97', f'{rng.randrange(100):02d}'])
            yield value[:6] + ddmm + yy + value[12:], {}
        elif kind == 8:  # province codes outside stdnum's table
            value = valid_number()
            yield f'{rng.randrange(100):02d}' + value[2:], {}
        else:
            value = valid_number()
            yield rng.choice([value[:15], value + '1', value[:8] + 'AB' + value[10:], '', value[:4] + '/' + value[4:],
                              value[:12] + '*' + value[12:]]), {}


def my_nric_cases(rng, count):
    places = my_birthplaces()

    def valid_number():
        date = random_date(rng, 1920, 2019)
        return date.strftime('%y%m%d') + rng.choice(places) + f'{rng.randrange(10000):04d}'

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
                value = group(value, [6, 2, 4], '\u2013')  # en dash, stdnum maps it to '-'
            yield pad(rng, value), {}
        elif kind < 6:
            yield mutate(rng, valid_number()), {}
        elif kind == 6:  # birthplace codes, including the gaps in the table
            value = valid_number()
            yield value[:6] + f'{rng.randrange(100):02d}' + value[8:], {}
        elif kind == 7:  # dates
            value = valid_number()
            yymmdd = rng.choice(['000229', '040229', '010229', '960229', '970229', '991301', '990100', '990132',
                                 '990431', '000000', f'{rng.randrange(100):02d}{rng.randrange(14):02d}{rng.randrange(33):02d}'])
            yield yymmdd + value[6:], {}
        elif kind == 8:
            value = valid_number()
            yield group(value, [6, 2, 4], rng.choice(['/', '.', '_'])), {}
        else:
            value = valid_number()
            yield rng.choice([value[:11], value + '1', value[:7] + 'A' + value[8:], '', 'A' + value[1:]]), {}


def ssn_cases(rng, count):
    blacklist = ['078051120', '457555462', '219099999']

    def valid_number():
        while True:
            area = rng.randint(1, 899)
            if area != 666:
                return f'{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}'

    for n in range(count):
        kind = n % 10
        if kind < 4:
            value = valid_number()
            style = rng.random()
            if style < 0.4:
                value = group(value, [3, 2, 4], '-')
            elif style < 0.45:
                value = value[:3] + '-' + value[3:]
            elif style < 0.5:
                value = value[:5] + '-' + value[5:]
            elif style < 0.55:
                value = group(value, [3, 2, 4], '\u2010')  # Unicode hyphen, stdnum maps it to '-'
            yield pad(rng, value), {}
        elif kind < 6:
            yield mutate(rng, valid_number()), {}
        elif kind == 6:  # reserved areas, groups and serials
            value = valid_number()
            roll = rng.randrange(4)
            if roll == 0:
                value = rng.choice(['000', '666', f'9{rng.randrange(100):02d}']) + value[3:]
            elif roll == 1:
                value = value[:3] + '00' + value[5:]
            elif roll == 2:
                value = value[:5] + '0000'
            else:
                value = rng.choice(blacklist)
            yield rng.choice([value, group(value, [3, 2, 4], '-')]), {}
        elif kind == 7:  # hyphens in the wrong places
            value = valid_number()
            at = rng.choice([1, 2, 4, 6, 7, 8])
            yield value[:at] + '-' + value[at:], {}
        elif kind == 8:  # spaces between the parts: Strait accepts them, stdnum does not
            value = valid_number() if rng.random() < 0.8 else rng.choice(blacklist)
            formatted = group(value, [3, 2, 4], ' ')
            verdict = oracle(ssn, value)
            extra = {}
            if oracle(ssn, formatted) != verdict:
                extra = {'swift': verdict, 'why': 'Strait accepts spaces between SSN parts; stdnum does not'}
            yield formatted, extra
        else:
            value = valid_number()
            roll = rng.random()
            if roll < 0.15:  # a blacklisted number formatted so stdnum's blacklist lookup misses it
                value = rng.choice([' 078-05-1120', '078-051120', '07805-1120', '219-099999 '])
                yield value, {'swift': False, 'why': 'Strait rejects the blacklisted SSNs in any formatting'}
                continue
            yield rng.choice([value[:8], value + '1', value[:4] + 'A' + value[5:], '', '--' + value,
                              value[:3] + '--' + value[3:], value[:3] + '.' + value[3:]]), {}


CN_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                53, 54, 61, 62, 63, 64, 65, 71, 81, 82}


def cn_ric_structural(value):
    """stdnum's own cn.ric verdict with the birth-place lookup reduced to the province (its compact
    form, length, checksum and date rules unchanged)."""
    from stdnum.exceptions import InvalidComponent
    original = ric.get_birth_place

    def province_only(number):
        if int(ric.compact(number)[:2]) not in CN_PROVINCES:
            raise InvalidComponent()
        return {}

    ric.get_birth_place = province_only
    try:
        return oracle(ric, value)
    finally:
        ric.get_birth_place = original


GENERATORS = [
    ('cn.ric', ric, cn_ric_cases),
    ('in.aadhaar', aadhaar, aadhaar_cases),
    ('id.nik', nik, nik_cases),
    ('my.nric', nric, my_nric_cases),
    ('us.ssn', ssn, ssn_cases),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--seed', type=int, default=20240505)
    parser.add_argument('--per-scheme', type=int, default=2400)
    parser.add_argument('--check', action='store_true')
    parser.add_argument('--emit-cn-regions', action='store_true')
    args = parser.parse_args()
    if args.check:
        return
    if args.emit_cn_regions:
        emit_cn_regions()
        return
    rng = random.Random(args.seed)
    out = sys.stdout
    for scheme, module, generate in GENERATORS:
        for value, extra in generate(rng, args.per_scheme):
            line = {'scheme': scheme, 'value': value, 'valid': oracle(module, value)}
            if scheme == 'cn.ric' and 'swift' not in extra:
                # Strait checks the province, not stdnum's county table with its years.
                structural = cn_ric_structural(value)
                if structural != line['valid']:
                    extra = {'swift': structural, 'why': 'Strait checks the province code, not the county table'}
            line.update(extra)
            out.write(json.dumps(line, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    main()
