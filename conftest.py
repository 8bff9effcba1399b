"""Root conftest: doctest collection skips modules whose optional extra is missing."""

from __future__ import annotations

import importlib.util

# module path (relative to this folder) -> the package its extra installs
_OPTIONAL = {
    "src/textmend/ray.py": "ray",
    "src/textmend/integrations/datatrove.py": "datatrove",
}

collect_ignore = [path for path, dep in _OPTIONAL.items() if importlib.util.find_spec(dep) is None]
