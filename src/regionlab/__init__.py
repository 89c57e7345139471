"""regionlab: regional-innovation readiness assessment (KRILA 2019 framework).

The library lives in the modules below; `cli` is a thin layer on top.
Data flows one way: load -> validate -> score -> classify -> recommend -> render.
"""

__version__ = "0.1.0"
