"""docs/PRODUCTION.md lists every variable the production settings read from the environment,
the built-in plugins' own settings included (read from the environment by plugins/api/conf.py)."""

import re
from pathlib import Path

from plugins.api.conf import declared
from plugins.api.registry import all_plugins

ROOT = Path(__file__).resolve().parents[2]
READERS = [
    "site/safespace/settings/base.py",
    "site/safespace/settings/production.py",
    "site/safespace/management/commands/backup.py",
]
READ = re.compile(r"""(?:os\.environ(?:\.get)?\s*[\(\[]|_env_list\()\s*["']([A-Z][A-Z0-9_]*)["']""")


def test_every_environment_variable_is_in_the_production_guide():
    read = {name for path in READERS for name in READ.findall((ROOT / path).read_text())}
    read |= {name for p in all_plugins() if p.app_config.name.startswith("plugins.") for name in declared(p.app_config)}
    assert {"SECRET_KEY", "ENROLLMENT_RATE", "SAFESPACE_PROXY_COUNT"} <= read  # the pattern finds them
    guide = (ROOT / "docs" / "PRODUCTION.md").read_text()
    table = "\n".join(line for line in guide.splitlines() if line.startswith("| "))
    assert sorted(name for name in read if f"`{name}`" not in table) == []
