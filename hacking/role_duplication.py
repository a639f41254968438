"""Lines of the service roles' task files that another service role repeats.

A line counts when it stands in a run of RUN (6) or more consecutive lines that a task file of
another service role also has. Lines are compared stripped of indentation, with each role's own
name blanked (``glance_port`` and ``nova_control_port`` are the same line), and blank lines are
left out. Prints each repeated run once and the count per role; exits 1 when the total exceeds
--max.

    python3 hacking/role_duplication.py [--max N] [--show]
"""

import argparse
import pathlib
import re
import sys

SERVICE_ROLES = ('keystone', 'glance', 'placement', 'nova_control', 'neutron', 'nova_compute')
RUN = 6


def normalized(role, path):
    """The file's non-blank lines, stripped, with the role's name blanked, and their line numbers."""
    pattern = re.compile(re.escape(role), re.IGNORECASE)
    out = []
    for number, line in enumerate(path.read_text(encoding='utf-8').splitlines(), 1):
        text = pattern.sub('ROLE', line.strip())
        if text:
            out.append((number, text))
    return out


def repeated_lines(root):
    files = {}
    for role in SERVICE_ROLES:
        for path in sorted((root / 'roles' / role / 'tasks').glob('*.yml')):
            files[(role, path)] = normalized(role, path)
    # every window of RUN lines, and the roles that have it
    windows = {}
    for (role, _path), lines in files.items():
        for i in range(len(lines) - RUN + 1):
            key = tuple(text for _n, text in lines[i:i + RUN])
            windows.setdefault(key, set()).add(role)
    marked = {}
    for (role, path), lines in files.items():
        for i in range(len(lines) - RUN + 1):
            key = tuple(text for _n, text in lines[i:i + RUN])
            if windows[key] - {role}:
                marked.setdefault((role, path), set()).update(range(i, i + RUN))
    return files, marked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--max', type=int, default=None, help='fail when more lines than this are repeated')
    parser.add_argument('--show', action='store_true', help='print the repeated lines')
    args = parser.parse_args()
    root = pathlib.Path(__file__).resolve().parent.parent
    files, marked = repeated_lines(root)
    per_role = {role: 0 for role in SERVICE_ROLES}
    sizes = {role: 0 for role in SERVICE_ROLES}
    for (role, path), lines in files.items():
        sizes[role] += len(path.read_text(encoding='utf-8').splitlines())
        indexes = sorted(marked.get((role, path), ()))
        per_role[role] += len(indexes)
        if args.show and indexes:
            print('== %s' % path.relative_to(root))
            for i in indexes:
                print('%5d  %s' % (lines[i][0], lines[i][1]))
    total = sum(per_role.values())
    for role in SERVICE_ROLES:
        print('%-13s %4d lines of tasks, %3d repeated by another service role' % (role, sizes[role], per_role[role]))
    print('total         %4d lines of tasks, %3d repeated (runs of %d or more lines)' % (sum(sizes.values()), total, RUN))
    limit = args.max
    if limit is not None and total > limit:
        print('more than %s repeated lines: move them to a shared entry point (roles/common)' % limit, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
