"""Every ATHAR_* setting read by the code is documented in docs/configuration.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented():
    used: set[str] = set()
    for path in (ROOT / "src" / "athar").rglob("*.py"):
        used |= set(re.findall(r"\"(ATHAR_[A-Z_]+?)(?:_FILE)?\"", path.read_text(encoding="utf-8")))
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert used, "the settings scan found nothing: the test would pass vacuously"
    missing = sorted(name for name in used if f"`{name}`" not in documented)
    assert not missing, f"undocumented settings: {missing}"
