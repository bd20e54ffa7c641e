#!/usr/bin/env python3
# Strait — compliance gateway for cross-border fintech. Apache-2.0.
"""Oracle verdicts for machine-readable zones from the PyPI package `mrz` (pip install mrz).

Reads JSON lines {"id": ..., "format": "td1" | "td2" | "td3" | "mrv-a" | "mrv-b", "mrz": "<lines
joined by \\n>"} on stdin and writes, for each, one JSON line:

  {"id": ..., "valid": <bool(checker)>, "checks": {"document_number": bool, "birth_date": bool,
   "expiry_date": bool, "optional_data": bool (td3 only), "composite": bool (td1, td2, td3)},
   "errors": [<the checker's report errors>]}

or {"id": ..., "exception": "<type: message>"} when the checker raises. The verdicts are the
package's own (its checker classes, with default options); this script decides nothing.
Visas have no composite or optional-data check digit, so none is reported for them.

Usage:
  mrz_oracle.py < cases.jsonl
  mrz_oracle.py --check        exit 0 when the package imports
"""

import json
import sys

try:
    from mrz.checker.mrva import MRVACodeChecker
    from mrz.checker.mrvb import MRVBCodeChecker
    from mrz.checker.td1 import TD1CodeChecker
    from mrz.checker.td2 import TD2CodeChecker
    from mrz.checker.td3 import TD3CodeChecker
except ImportError as error:  # pragma: no cover
    print(f'the mrz package is not available: {error}', file=sys.stderr)
    sys.exit(3)

CHECKERS = {
    'td1': (TD1CodeChecker, ['document_number', 'birth_date', 'expiry_date', 'composite']),
    'td2': (TD2CodeChecker, ['document_number', 'birth_date', 'expiry_date', 'composite']),
    'td3': (TD3CodeChecker, ['document_number', 'birth_date', 'expiry_date', 'optional_data', 'composite']),
    'mrv-a': (MRVACodeChecker, ['document_number', 'birth_date', 'expiry_date']),
    'mrv-b': (MRVBCodeChecker, ['document_number', 'birth_date', 'expiry_date']),
}

# Strait's check-digit names -> the checker's boolean attributes.
ATTRIBUTES = {
    'document_number': 'document_number_hash',
    'birth_date': 'birth_date_hash',
    'expiry_date': 'expiry_date_hash',
    'optional_data': 'optional_data_hash',
    'composite': 'final_hash',
}


def verdict(case):
    checker_class, fields = CHECKERS[case['format']]
    try:
        checker = checker_class(case['mrz'])
        return {
            'id': case['id'],
            'valid': bool(checker),
            'checks': {field: bool(getattr(checker, ATTRIBUTES[field])) for field in fields},
            'errors': list(checker.report.errors),
        }
    except Exception as error:  # noqa: BLE001 - any failure of the checker is reported as such
        return {'id': case['id'], 'exception': f'{type(error).__name__}: {error}'}


def main():
    if sys.argv[1:] == ['--check']:
        return
    out = sys.stdout
    for line in sys.stdin:
        if line.strip():
            out.write(json.dumps(verdict(json.loads(line))) + '\n')


if __name__ == '__main__':
    main()
