#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # site/ is a plain folder holding the project package (``site`` is a stdlib module).
    root = Path(__file__).resolve().parent
    sys.path[:0] = [str(root), str(root / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safespace.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
