"""regionlab: regional-innovation readiness assessment (KRILA 2019 framework).

Data flows one way: load -> validate -> score -> classify -> recommend -> render.
The subpackages are layers, each importing only from those below it (bottom up): errors,
base, policy, korea, profile, rules, engine, trust, rulecases, output, ratings, nation,
report, and `cli`, a thin layer on top (README, Design; pyproject.toml holds the
contract, and a test checks it).

    >>> from pathlib import Path
    >>> from regionlab import Engine
    >>> a = Engine().assess_file(Path("profiles/gunsan.yaml"))

The names below are imported when first used, so `import regionlab` (and every run of
the command line) stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Assessment", "Engine", "InputError", "Problem", "RegionlabError"]

# name -> the module that defines it
_LAZY = {"Assessment": "regionlab.engine.assess", "Engine": "regionlab.trust.engine",
         "InputError": "regionlab.errors", "Problem": "regionlab.errors",
         "RegionlabError": "regionlab.errors"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'regionlab' has no attribute '{name}'")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value  # once: later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
