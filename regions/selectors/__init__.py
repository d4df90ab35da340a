"""Reads: every question a page asks of the coalitions' data, named by what it returns.

Writes live beside them in ``regions.services``; who may do what in ``regions.permissions``.
"""
