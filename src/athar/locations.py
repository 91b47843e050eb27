"""Where an installation keeps its registry when ATHAR_DATA_DIR does not say.

Never the current directory: a command run from another folder must find the same registry, not
start an empty one beside it (a caseworker would think the registry had vanished). The default
follows the XDG base directory convention, per user: $XDG_DATA_HOME/athar, else
~/.local/share/athar. A demo has a home of its own, athar-demo beside it, so a demo never lands
where the real registry lives.

Pure Python: read by the web settings and by the CLI before Django is set up."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_home", "default_data_dir", "default_demo_dir"]


def data_home() -> Path:
    """$XDG_DATA_HOME when set to an absolute path (the specification ignores a relative one),
    else ~/.local/share."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    return Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"


def default_data_dir() -> Path:
    return data_home() / "athar"


def default_demo_dir() -> Path:
    return data_home() / "athar-demo"
