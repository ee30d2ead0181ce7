"""Every installed plugin is under the import contracts that `lint-imports` checks (.importlinter)."""

import configparser
from pathlib import Path

from plugins.api.registry import all_plugins

ROOT = Path(__file__).resolve().parents[3]


def _modules(config, contract, key):
    return set(config[f"importlinter:contract:{contract}"][key].split())


def test_every_plugin_is_named_in_each_contract():
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    plugins = {p.app_config.name for p in all_plugins()}
    assert {"plugins.enrollment", "plugins.attendance", "plugins.servicecounts", "safespace_hello"} <= plugins
    assert plugins - _modules(config, "host-imports-no-plugin", "forbidden_modules") == set()
    assert plugins - _modules(config, "plugins-independent", "modules") == set()
    assert plugins - _modules(config, "plugins-use-api-and-public-host", "source_modules") == set()
    roots = set(config["importlinter"]["root_packages"].split())
    assert {name.split(".")[0] for name in plugins} <= roots
