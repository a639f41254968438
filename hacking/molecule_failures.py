#!/usr/bin/env python
"""Repeat, after molecule has destroyed its lab, why a scenario failed.

A failed `molecule test` ends with pages of the destroy step's output; CI keeps only the end of a run's output.
This prints, last, what failed: the verifier's failed tests (from pytest's JUnit XML report) and the Ansible runs'
failed tasks (from molecule's output, saved), each shortened.

    molecule_failures.py JUNIT_XML MOLECULE_OUTPUT
"""

import re
import sys
import xml.etree.ElementTree as ET  # noqa: S405 -- pytest's own report, written by this run

MESSAGE_LINES = 25
ANSIBLE_FAILURES = 10
# molecule colours its output and frames each command's lines
ANSI_ESCAPE = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')
FRAME = re.compile(r'^\s*\u2502 ?')
# an [ERROR]: report's wrapped lines taken into its one line, at most
ERROR_LINES = 12


def junit_failures(path):
    """[(test id, message), ...] of the failed and erroring tests in a JUnit XML file; None without a report."""
    try:
        root = ET.parse(path).getroot()  # noqa: S314
    except (OSError, ET.ParseError):
        return None
    failures = []
    for case in root.iter('testcase'):
        for outcome in list(case.findall('failure')) + list(case.findall('error')):
            test = '%s::%s' % (case.get('classname', ''), case.get('name', ''))
            text = (outcome.text or outcome.get('message') or '').strip().splitlines()
            if len(text) > MESSAGE_LINES:
                text = ['...'] + text[-MESSAGE_LINES:]
            failures.append((test, '\n'.join(text)))
    return failures


def ansible_failures(path):
    """The output's lines that report a failed task or an unreachable host, the last ANSIBLE_FAILURES.

    Besides `fatal: [host]: FAILED!` and `UNREACHABLE!`, ansible-core 2.19 and later report a task that could
    not even run (a template error) as `[ERROR]: Task failed: ...`, wrapped on indented lines: those become one line.
    """
    try:
        with open(path, encoding='utf-8', errors='replace') as log:
            lines = [FRAME.sub('', ANSI_ESCAPE.sub('', line).rstrip()) for line in log]
    except OSError:
        return None
    found = []
    for number, line in enumerate(lines):
        if re.search(r'(\bfatal: \[|FAILED!|UNREACHABLE!)', line):
            found.append(line)
        elif line.startswith('[ERROR]: '):
            continued = [line]
            for following in lines[number + 1:number + 1 + ERROR_LINES]:
                if not following.startswith('  ') or not following.strip():
                    break
                continued.append(following.strip())
            found.append(' '.join(continued))
    return [line if len(line) < 2000 else line[:2000] + ' ...' for line in found[-ANSIBLE_FAILURES:]]


def main(argv):
    if len(argv) != 3:
        sys.exit('usage: molecule_failures.py JUNIT_XML MOLECULE_OUTPUT')
    print('=' * 30 + ' why molecule failed ' + '=' * 30)
    tests = junit_failures(argv[1])
    if tests is None:
        print('verifier: no report (%s): the scenario failed before its verify step' % argv[1])
    else:
        print('verifier: %d failed test(s)' % len(tests))
        for test, message in tests:
            print('--- %s\n%s' % (test, message))
    tasks = ansible_failures(argv[2])
    if tasks:
        print('ansible: the last %d failed task line(s) of %s' % (len(tasks), argv[2]))
        print('\n'.join(tasks))
    elif tasks is None:
        print('ansible: no output saved (%s)' % argv[2])
    else:
        print('ansible: no failed task in %s' % argv[2])


if __name__ == '__main__':
    main(sys.argv)
