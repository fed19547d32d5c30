"""Copy the front-end libraries from node_modules into khronika/web/static/vendor, with their licences.

Dev-time only, after a change to package.json:

    npm ci --ignore-scripts && .venv/bin/python scripts/vendor_assets.py

The web app serves the copied files itself; no page loads a script or a stylesheet from a CDN.
The versions are the ones package-lock.json pins; VERSIONS.txt in the vendor folder records them.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "khronika" / "web" / "static" / "vendor"

# package -> (source path in the package, target path under vendor/<package>/)
FILES: dict[str, list[tuple[str, str]]] = {
    "leaflet": [
        ("dist/leaflet.js", "leaflet.js"),
        ("dist/leaflet.css", "leaflet.css"),
        ("dist/images/layers.png", "images/layers.png"),
        ("dist/images/layers-2x.png", "images/layers-2x.png"),
        ("dist/images/marker-icon.png", "images/marker-icon.png"),
        ("dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"),
        ("dist/images/marker-shadow.png", "images/marker-shadow.png"),
        ("LICENSE", "LICENSE"),
    ],
    # The "common" build has bar and line charts with legend and tooltip, and is a third smaller
    # than the full one.
    "echarts": [
        ("dist/echarts.common.min.js", "echarts.common.min.js"),
        ("LICENSE", "LICENSE"),
        ("NOTICE", "NOTICE"),
    ],
}


def vendor() -> list[str]:
    """Copy every listed file into the vendor folder; return one 'name version licence' line a package."""
    lines = []
    for package, files in FILES.items():
        source_dir = NODE_MODULES / package
        manifest = source_dir / "package.json"
        if not manifest.exists():
            sys.exit(f"{manifest} is missing: run `npm ci --ignore-scripts` in {ROOT} first")
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        target_dir = VENDOR / package
        shutil.rmtree(target_dir, ignore_errors=True)
        for source, target in files:
            destination = target_dir / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_dir / source, destination)
        lines.append(f"{package} {meta['version']} {meta.get('license', 'see LICENSE')}")
    return lines


def main() -> None:
    """Vendor the assets and write VERSIONS.txt."""
    lines = vendor()
    header = "# Written by scripts/vendor_assets.py from package-lock.json's node_modules; do not edit.\n"
    (VENDOR / "VERSIONS.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    for line in lines:
        sys.stdout.write(line + "\n")


if __name__ == "__main__":
    main()
