"""Figures of the chapter on local minima."""
