"""Adapters that run textmend inside other data-processing frameworks.

Each module needs its own extra and is imported on its own:
``textmend.integrations.datatrove`` (``pip install 'textmend[datatrove]'``).
Ray Data support lives in :mod:`textmend.ray`.
"""
