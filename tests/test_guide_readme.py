"""The README's two commands, and CI running exactly the README's test command."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _top_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    top = readme.split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", top, flags=re.S)


def test_readme_opens_with_exactly_two_one_line_commands():
    start, tests = _top_commands()
    assert "\n" not in start and "\n" not in tests
    assert start.startswith("python3 -m venv .venv && .venv/bin/pip install -q -e . && ")
    assert "manage.py migrate && " in start and "manage.py demo && " in start
    assert start.endswith("manage.py runserver 127.0.0.1:8000")
    assert tests == "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/pytest"


def test_ci_runs_the_readme_test_command_on_both_databases():
    script = (ROOT / ".ci" / "run").read_text()
    assert script.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in script
    pattern = re.search(r'grep -E "(.+?)" README\.md', script).group(1).replace('\\"', '"')
    readme_lines = (ROOT / "README.md").read_text().splitlines()
    assert [line for line in readme_lines if re.search(pattern, line)] == [_top_commands()[1]]
    assert script.count('-c "$test_command"') == 2
    assert "DATABASE_URL=postgres://postgres@127.0.0.1:5432/wonen_eerst" in script
