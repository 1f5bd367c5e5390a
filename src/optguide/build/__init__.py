"""The build integration: the mkdocs plugin and what it needs.

Kept apart from the mathematics so that the mkdocs process never imports PyTorch or
matplotlib: figures and notebooks run in subprocesses, and only when the cache lacks them.
"""
