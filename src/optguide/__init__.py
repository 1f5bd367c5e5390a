"""optguide: the code behind an executable guide to optimization and deep learning.

Every figure, number and snippet on the site comes from this package. Importing the package
itself is cheap; the modules that need PyTorch or matplotlib import them on their own.
"""

__version__ = "0.1.0"
