#!/usr/bin/env python3
# Strait — compliance gateway for cross-border fintech. Apache-2.0.
"""Oracle cases for the European national identity number validators in Sources/Screening
(NationalIDNumbers.swift).

Prints JSON lines {"scheme": ..., "value": ..., "valid": <python-stdnum's is_valid(value)>}. The
generators below build valid numbers from each scheme's published rules (written here, not taken
from stdnum) and invalid ones (digit changes, transpositions, wrong check digits, bad dates, wrong
lengths, letters, unknown codes); the verdict written out is always stdnum's, never the
generator's intent.

Where Strait deliberately differs from stdnum a line carries "swift": <Strait's verdict> and
"why": <reason>; the Swift test checks those against "swift" and every other line against "valid".

Usage:
  eu_national_ids.py [--seed N] [--per-scheme N] [--today YYYY-MM-DD]
  eu_national_ids.py --check          exit 0 when python-stdnum is importable
"""

import argparse
import datetime
import json
import random
import sys

try:
    import stdnum  # noqa: F401
    from stdnum.at import vnr
    from stdnum.be import nn
    from stdnum.bg import egn
    from stdnum.cz import rc
    from stdnum.de import idnr
    from stdnum.dk import cpr
    from stdnum.ee import ik
    from stdnum.es import dni, nie
    from stdnum.fi import hetu
    from stdnum.fr import nir
    from stdnum.hr import oib
    from stdnum.ie import pps
    from stdnum.it import codicefiscale
    from stdnum.lt import asmens
    from stdnum.lv import pvn
    from stdnum.nl import bsn
    from stdnum.pl import pesel
    from stdnum.pt import nif
    from stdnum.ro import cnp
    from stdnum.se import personnummer
except ImportError as error:  # pragma: no cover
    print(f'python-stdnum is not available: {error}', file=sys.stderr)
    sys.exit(3)

DIGITS = '0123456789'
LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

MODULES = {
    'es.dni': dni, 'es.nie': nie, 'it.codice_fiscale': codicefiscale, 'fr.nir': nir,
    'de.idnr': idnr, 'nl.bsn': bsn, 'be.nn': nn, 'pl.pesel': pesel, 'pt.nif': nif,
    'se.personnummer': personnummer, 'dk.cpr': cpr, 'fi.hetu': hetu, 'ee.ik': ik,
    'lt.asmens': asmens, 'lv.pk': pvn, 'ro.cnp': cnp, 'bg.egn': egn, 'cz.rc': rc,
    'hr.oib': oib, 'ie.pps': pps, 'at.vnr': vnr,
}


def digits(rng, n):
    return ''.join(rng.choice(DIGITS) for _ in range(n))


def birth(rng, first=1900, last=2024):
    start = datetime.date(first, 1, 1).toordinal()
    end = datetime.date(last, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def mod11_10(ds):
    product = 10
    for d in ds:
        s = (int(d) + product) % 10 or 10
        product = s * 2 % 11
    return str((11 - product) % 10)


# ---------------------------------------------------------------------------------------------
# Valid-number generators (one call, one number), from the schemes' published rules

def gen_es_dni(rng):
    n = digits(rng, 8)
    return n + 'TRWAGMYFPDXBNJZSQVHLCKE'[int(n) % 23]


def gen_es_nie(rng):
    p = rng.choice('XYZ')
    n = digits(rng, 7)
    return p + n + 'TRWAGMYFPDXBNJZSQVHLCKE'[int(str('XYZ'.index(p)) + n) % 23]


IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def it_check(body):
    total = 0
    for i, c in enumerate(body):
        v = int(c) if c.isdigit() else ord(c) - 65
        total += IT_ODD[v] if i % 2 == 0 else v
    return chr(65 + total % 26)


def gen_it_codice_fiscale(rng):
    d = birth(rng, 1930, 2020)
    day = d.day + (40 if rng.random() < .5 else 0)
    place = rng.choice('ABCDEFGHILMZ') + digits(rng, 3)
    body = ''.join(rng.choice(LETTERS) for _ in range(6)) + '%02d' % (d.year % 100) + 'ABCDEHLMPRST'[d.month - 1] + '%02d' % day + place
    if rng.random() < .15:  # omocodia: replace some digits by LMNPQRSTUV
        body = list(body)
        for i in rng.sample([6, 7, 9, 10, 12, 13, 14], rng.randint(1, 3)):
            body[i] = 'LMNPQRSTUV'[int(body[i])]
        body = ''.join(body)
    return body + it_check(body)


def gen_fr_nir(rng):
    sex = rng.choice('12')
    yy = digits(rng, 2)
    mm = '%02d' % rng.randint(1, 12)
    dep = rng.choice(['%02d' % rng.randint(1, 95), '2A', '2B', '97', '99'])
    rest = digits(rng, 6)
    body = sex + yy + mm + dep + rest
    value = int(body.replace('2A', '19', 1) if dep == '2A' else body.replace('2B', '18', 1) if dep == '2B' else body)
    return body + '%02d' % (97 - value % 97)


def gen_de_idnr(rng):
    while True:
        pool = list(DIGITS)
        rng.shuffle(pool)
        times = rng.choice([2, 3])
        chosen = pool[:11 - times]
        body = chosen + [chosen[0]] * (times - 1)
        rng.shuffle(body)
        body = ''.join(body)
        if body[0] == '0':
            continue
        if times == 3 and any(body[i] == body[i + 1] == body[i + 2] for i in range(8)):
            continue
        return body + mod11_10(body)


def gen_nl_bsn(rng):
    while True:
        body = digits(rng, 8)
        total = sum(int(c) * (9 - i) for i, c in enumerate(body))
        check = total % 11
        if check < 10 and int(body + str(check)) != 0:
            return body + str(check)


def gen_be_nn(rng):
    while True:
        d = birth(rng, 1920, 2024)
        seq = rng.randint(1, 997)
        body = d.strftime('%y%m%d') + '%03d' % seq
        if rng.random() < .05:
            body = d.strftime('%y') + '0000' + '%03d' % seq
        base = int(body) + (2000000000 if d.year >= 2000 else 0)
        return body + '%02d' % (97 - base % 97)


def gen_pl_pesel(rng):
    d = birth(rng, 1850, 2099) if rng.random() < .05 else birth(rng, 1850, 2024)
    mm = d.month + {18: 80, 19: 0, 20: 20, 21: 40, 22: 60}[d.year // 100]
    body = '%02d%02d%02d' % (d.year % 100, mm, d.day) + digits(rng, 4)
    total = sum(int(c) * w for c, w in zip(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]))
    return body + str((10 - total % 10) % 10)


def gen_pt_nif(rng):
    body = rng.choice('123456789') + digits(rng, 7)
    r = sum(int(c) * (9 - i) for i, c in enumerate(body)) % 11
    return body + str(0 if r < 2 else 11 - r)


def luhn_check(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            v = v - 9 if v > 9 else v
        total += v
    return str((10 - total % 10) % 10)


def gen_se_personnummer(rng, today):
    d = birth(rng, 1905, today.year - 1)
    day = d.day + (60 if rng.random() < .1 else 0)
    body = '%02d%02d%02d' % (d.year % 100, d.month, day) + digits(rng, 3)
    full = body + luhn_check(body)
    form = rng.random()
    if form < .4:
        return '%02d' % (d.year // 100) + full
    age_100 = (today.year - d.year) > 100 or ((today.year - d.year) == 100 and (today.month, today.day) >= (d.month, d.day))
    return full[:6] + ('+' if age_100 else '-') + full[6:]


def gen_dk_cpr(rng, today):
    d = birth(rng, 1900, today.year - 1)
    yy = d.year % 100
    if d.year < 2000:
        seventh = rng.choice('0123' + ('49' if yy >= 37 else ''))
    else:
        seventh = rng.choice(('49' if yy <= 36 else '') + '5678')
    return d.strftime('%d%m') + '%02d' % yy + seventh + digits(rng, 3)


def gen_fi_hetu(rng):
    d = birth(rng, 1860, 2024)
    marker = {18: '+', 19: rng.choice('-YXWVU'), 20: rng.choice('ABCDEF')}[d.year // 100]
    ind = '%03d' % rng.randint(2, 899)
    body = d.strftime('%d%m') + '%02d' % (d.year % 100)
    return body + marker + ind + '0123456789ABCDEFHJKLMNPRSTUVWXY'[int(body + ind) % 31]


def baltic_check(body):
    for weights in ([1, 2, 3, 4, 5, 6, 7, 8, 9, 1], [3, 4, 5, 6, 7, 8, 9, 1, 2, 3]):
        c = sum(int(x) * w for x, w in zip(body, weights)) % 11
        if c != 10:
            return str(c)
    return '0'


def gen_baltic(rng, first_digits, last_year):
    g = rng.choice(first_digits)
    century = 1800 + (int(g) - 1) // 2 * 100
    d = birth(rng, max(century, 1870), min(century + 99, last_year))
    body = g + '%02d%02d%02d' % (d.year % 100, d.month, d.day) + digits(rng, 3)
    return body + baltic_check(body)


def lv_check(body):
    return (1101 - sum(int(c) * w for c, w in zip(body, [1, 6, 3, 7, 9, 10, 5, 8, 4, 2]))) % 11


def gen_lv_pk(rng):
    while True:
        if rng.random() < .3:
            body = '32' + digits(rng, 8)
        else:
            d = birth(rng, 1900, 2016)
            body = d.strftime('%d%m') + '%02d' % (d.year % 100) + str(d.year // 100 - 18) + digits(rng, 3)
        c = lv_check(body)
        if c < 10:
            return body + str(c)


def gen_ro_cnp(rng):
    s = rng.choice('123456789')
    century = {'1': 1900, '2': 1900, '3': 1800, '4': 1800, '5': 2000, '6': 2000}.get(s, 1900)
    d = birth(rng, max(century, 1880), min(century + 99, 2024))
    county = '%02d' % rng.choice(list(range(1, 49)) + [51, 52, 70, 80, 81, 82, 83])
    body = s + d.strftime('%y%m%d') + county + digits(rng, 3)
    c = sum(int(x) * w for x, w in zip(body, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9])) % 11
    return body + str(1 if c == 10 else c)


def gen_bg_egn(rng):
    d = birth(rng, 1880, 2024)
    mm = d.month + {18: 20, 19: 0, 20: 40}[d.year // 100]
    body = '%02d%02d%02d' % (d.year % 100, mm, d.day) + digits(rng, 3)
    c = sum(int(x) * w for x, w in zip(body, [2, 4, 8, 5, 10, 9, 7, 3, 6])) % 11 % 10
    return body + str(c)


def gen_cz_rc(rng, today):
    if rng.random() < .15:
        d = birth(rng, 1900, 1953)
        mm = d.month + (50 if rng.random() < .5 else 0)
        return '%02d%02d%02d' % (d.year % 100, mm, d.day) + digits(rng, 3)
    d = birth(rng, 1954, today.year - 1)
    mm = d.month + (50 if rng.random() < .5 else 0) + (20 if d.year >= 2004 and rng.random() < .1 else 0)
    body = '%02d%02d%02d' % (d.year % 100, mm, d.day) + digits(rng, 3)
    value = body + str(int(body) % 11 % 10)
    return value[:6] + '/' + value[6:] if rng.random() < .3 else value


def gen_hr_oib(rng):
    body = digits(rng, 10)
    return body + mod11_10(body)


def gen_ie_pps(rng):
    body = digits(rng, 7)
    second = rng.choice(['', '', 'A', 'B', 'H', 'W'])
    total = sum(int(c) * (8 - i) for i, c in enumerate(body))
    if second and second != 'W':
        total += 9 * (ord(second) - 64)
    r = total % 23
    return body + ('W' if r == 0 else chr(64 + r)) + second


def gen_at_vnr(rng):
    while True:
        serial = rng.choice('123456789') + digits(rng, 2)
        d = birth(rng, 1920, 2024)
        date = d.strftime('%d%m%y')
        total = sum(int(c) * w for c, w in zip(serial + date, [3, 7, 9, 5, 8, 4, 2, 1, 6])) % 11
        if total < 10:
            return serial + str(total) + date


GENERATORS = {
    'es.dni': gen_es_dni, 'es.nie': gen_es_nie, 'it.codice_fiscale': gen_it_codice_fiscale,
    'fr.nir': gen_fr_nir, 'de.idnr': gen_de_idnr, 'nl.bsn': gen_nl_bsn, 'be.nn': gen_be_nn,
    'pl.pesel': gen_pl_pesel, 'pt.nif': gen_pt_nif, 'se.personnummer': gen_se_personnummer,
    'dk.cpr': gen_dk_cpr, 'fi.hetu': gen_fi_hetu,
    'ee.ik': lambda rng: gen_baltic(rng, '3456', 2024),
    'lt.asmens': lambda rng: gen_baltic(rng, '3456', 2024),
    'lv.pk': gen_lv_pk, 'ro.cnp': gen_ro_cnp, 'bg.egn': gen_bg_egn, 'cz.rc': gen_cz_rc,
    'hr.oib': gen_hr_oib, 'ie.pps': gen_ie_pps, 'at.vnr': gen_at_vnr,
}
NEEDS_TODAY = {'se.personnummer', 'dk.cpr', 'cz.rc'}


# ---------------------------------------------------------------------------------------------
# Corruptions

def corrupt(rng, value):
    chars = list(value)
    positions = [i for i, c in enumerate(chars) if c.isalnum()]
    kind = rng.randrange(9)
    if kind in (0, 1):  # change one character to another of the same class
        i = rng.choice(positions)
        pool = DIGITS if chars[i].isdigit() else LETTERS
        chars[i] = rng.choice([c for c in pool if c != chars[i]])
    elif kind == 2:  # transpose two neighbours
        i = rng.randrange(len(chars) - 1)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif kind == 3:  # wrong last character (the check digit or letter in most schemes)
        pool = DIGITS if chars[-1].isdigit() else LETTERS
        chars[-1] = rng.choice([c for c in pool if c != chars[-1]])
    elif kind == 4:  # bad date-like fields: a month or day field set out of range
        digit_runs = [i for i in positions[:-1] if chars[i].isdigit() and chars[i + 1].isdigit()]
        if digit_runs:
            i = rng.choice(digit_runs[:6])
            chars[i:i + 2] = list(rng.choice(['00', '13', '19', '29', '30', '31', '32', '39', '99']))
    elif kind == 5:  # one character too many or too few
        if rng.random() < .5:
            del chars[rng.choice(positions)]
        else:
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(DIGITS))
    elif kind == 6:  # a letter where a digit was, or the reverse
        i = rng.choice(positions)
        chars[i] = rng.choice(LETTERS) if chars[i].isdigit() else rng.choice(DIGITS)
    elif kind == 7:  # first character changed (sex/century digits, prefixes, series)
        pool = DIGITS if chars[0].isdigit() else LETTERS
        chars[0] = rng.choice(pool)
    else:  # two characters changed
        for i in rng.sample(positions, 2):
            chars[i] = rng.choice(DIGITS if chars[i].isdigit() else LETTERS)
    return ''.join(chars)


def formatted(rng, value):
    """Human formatting stdnum and Strait both remove: spaces around and lowercase letters."""
    choice = rng.randrange(3)
    if choice == 0:
        return ' ' + value + ' '
    if choice == 1:
        return value.lower()
    return value


# ---------------------------------------------------------------------------------------------
# Deliberate differences: (scheme, value) -> (Strait's verdict, reason) or None

def date_exists(year, month, day):
    try:
        datetime.date(year, month, day)
        return True
    except ValueError:
        return False


def se_coordination(value, today):
    """Strait's verdict on a coordination number (day + 60), which stdnum rejects: the Luhn check
    over the 10-digit form and the date (day − 60) with the century read as for personnummer."""
    text = value.strip()
    separator = '+' if '+' in text else '-' if '-' in text else ''
    body = text.replace('+', '').replace('-', '')
    if separator and text.find(separator) != len(text) - 5:
        return None
    if not body.isdigit() or len(body) not in (10, 12):
        return None
    short = body[-10:]
    day = int(short[4:6])
    if day <= 60:
        return None
    if luhn_check(short[:9]) != short[9]:
        return False
    yy, month, day = int(short[:2]), int(short[2:4]), day - 60
    if len(body) == 12:
        year = int(body[:4])
    else:
        year = today.year - (today.year - yy) % 100
        if (year, month, day) > (today.year, today.month, today.day):
            year -= 100
        if separator == '+':
            year -= 100
    return date_exists(year, month, day) and datetime.date(year, month, day) <= today


def fi_birth_date(value):
    compact = value.strip().upper()
    century = {'+': 1800, 'A': 2000, 'B': 2000, 'C': 2000, 'D': 2000, 'E': 2000, 'F': 2000}.get(compact[6], 1900)
    return datetime.date(century + int(compact[4:6]), int(compact[2:4]), int(compact[:2]))


def deliberate(scheme, value, valid, today):
    """(Strait's verdict, reason) where Strait deliberately differs from stdnum, else None."""
    compact = ''.join(c for c in value if c.isalnum()).upper()
    if scheme == 'be.nn' and valid and compact[6:9] in ('000', '999'):
        return False, 'sequence 000 or 999: not issued (001-997 men, 002-998 women), stdnum accepts it'
    # Sweden's 10-digit form: Strait reads the century so that the date is not in the future.
    if valid and scheme != 'lv.pk' and not (scheme == 'se.personnummer' and len(compact) == 10):
        born = getattr(MODULES[scheme], 'get_birth_date', None)
        if scheme == 'fi.hetu':
            born = fi_birth_date
        elif scheme == 'lv.pk':
            born = None
        try:
            date = born(value) if born else None
        except Exception:  # noqa: BLE001 - stdnum cannot read the date: no opinion here
            date = None
        if date is not None and date > today:
            return False, 'birth date in the future: stdnum accepts it'
    if scheme == 'lv.pk' and valid and compact[:1] in '0123' and not compact.startswith('32') and compact[6] in '012':
        year = 1800 + int(compact[6]) * 100 + int(compact[4:6])
        if date_exists(year, int(compact[2:4]), int(compact[:2])) and datetime.date(year, int(compact[2:4]), int(compact[:2])) > today:
            return False, 'birth date in the future: stdnum accepts it'
    if scheme == 'lv.pk' and valid and compact[:1] in '456789':
        return False, 'legal-entity VAT number (first digit 4-9): lv.pvn accepts it, lv.pk is the personal code'
    if scheme == 'lv.pk' and valid and not compact.startswith('32') and compact[6] not in '012':
        return False, 'old-form personal code with a century digit other than 0, 1, 2'
    if scheme == 'se.personnummer' and not valid:
        verdict = se_coordination(value, today)
        if verdict:
            return True, 'coordination number (samordningsnummer, day + 60): stdnum rejects them, Strait accepts'
    if scheme == 'it.codice_fiscale' and valid and len(compact) == 16:
        day = int(''.join(str('LMNPQRSTUV'.index(c)) if c in 'LMNPQRSTUV' else c for c in compact[9:11]))
        if not (1 <= day <= 31 or 41 <= day <= 71):
            return False, 'day field outside 01-31 and 41-71: stdnum reads it modulo 40'
    if scheme == 'de.idnr' and valid and any(compact[i] == compact[i + 1] == compact[i + 2] for i in range(8)):
        return False, 'a digit three times in adjacent positions: the BZSt rule forbids it, stdnum does not check'
    if scheme == 'be.nn' and valid:
        month, day = int(compact[2:4]), int(compact[4:6])
        if month and day:
            years = [y for y in (1900 + int(compact[:2]), 2000 + int(compact[:2]))
                     if int(compact[9:]) == 97 - (int(compact[:9]) + (2000000000 if y >= 2000 else 0)) % 97]
            if not date_exists(years[0], month, day):
                return False, 'birth date that does not exist (day > 31, 30 February): stdnum accepts it as unknown'
    if scheme == 'cz.rc' and valid:
        yy, month, day = int(compact[:2]), int(compact[2:4]), int(compact[4:6])
        year = (1900 + yy if yy < 54 else 1800 + yy) if len(compact) == 9 else (2000 + yy if yy < 54 else 1900 + yy)
        month = month - 50 if month > 50 else month
        if month > 20 and year >= 2004:
            month -= 20
        if not 1 <= month <= 12:
            return False, 'month field with +20 before 2004, or no month at all: stdnum reduces it modulo 50 and 20'
        if not date_exists(year, month, day):
            return False, 'month field with +20 before 2004: stdnum reduces it modulo 50 and 20'
        if (year, month, day) > (today.year, today.month, today.day):
            return False, 'birth date in the future: stdnum accepts it'
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--check', action='store_true')
    parser.add_argument('--seed', type=int, default=20261127)
    parser.add_argument('--per-scheme', type=int, default=1200)
    parser.add_argument('--today', default=None, help='not used by stdnum; recorded for the Swift side')
    parser.add_argument('--scheme', action='append')
    args = parser.parse_args()
    if args.check:
        return 0
    today = datetime.date.today()
    rng = random.Random(args.seed)
    out = sys.stdout
    for scheme, module in MODULES.items():
        if args.scheme and scheme not in args.scheme:
            continue
        generate = GENERATORS[scheme]
        half = args.per_scheme // 2
        seen = set()
        cases = []
        for n in range(args.per_scheme):
            value = generate(rng, today) if scheme in NEEDS_TODAY else generate(rng)
            if n >= half:
                value = corrupt(rng, value)
            elif n % 5 == 0:
                value = formatted(rng, value)
            if value in seen:
                continue
            seen.add(value)
            cases.append(value)
        for value in cases:
            valid = bool(module.is_valid(value))
            line = {'scheme': scheme, 'value': value, 'valid': valid}
            difference = deliberate(scheme, value, valid, today)
            if difference is not None:
                line['swift'], line['why'] = difference
            out.write(json.dumps(line, ensure_ascii=False) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
