"""The guide's figures: one module per figure, grouped in one folder per chapter.

A figure named ``chapter/name`` lives in ``optguide/figures/chapter/name.py`` and defines
``compute()``, which runs the experiment once, and ``draw(data, theme)``, which returns a
matplotlib Figure for the light or the dark theme. The name is the module's path, so the
build can find every figure and hash its source without importing anything.
"""
