"""regionlab: regional-innovation readiness assessment (KRILA 2019 framework).

Data flows one way: load -> validate -> score -> classify -> recommend -> render.
Each step has its subpackage (profile, policy, engine, rules, trust, regions, output,
report); `cli` is a thin layer on top.

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
_LAZY = {"Assessment": "regionlab.engine.assess", "Engine": "regionlab.engine.assess",
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
