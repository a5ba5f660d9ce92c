"""Vindaris: a company's strategy as YAML in git, checked in CI and reported from history."""

__version__ = "0.1.0"
