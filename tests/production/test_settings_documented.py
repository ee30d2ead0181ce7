"""docs/PRODUCTION.md lists every variable the production settings read from the environment."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = [
    "site/safespace/settings/base.py",
    "site/safespace/settings/production.py",
    "site/safespace/management/commands/backup.py",
]
READ = re.compile(r"""(?:os\.environ(?:\.get)?\s*[\(\[]|_env_list\()\s*["']([A-Z][A-Z0-9_]*)["']""")


def test_every_environment_variable_is_in_the_production_guide():
    read = {name for path in READERS for name in READ.findall((ROOT / path).read_text())}
    assert {"SECRET_KEY", "ENROLLMENT_RATE", "SAFESPACE_PROXY_COUNT"} <= read  # the pattern finds them
    guide = (ROOT / "docs" / "PRODUCTION.md").read_text()
    table = "\n".join(line for line in guide.splitlines() if line.startswith("| "))
    assert sorted(name for name in read if f"`{name}`" not in table) == []
