"""The shared request core: HTTP, credentials, retries, limits, errors and paging.

Knows HTTP, not resources. Never imports pandas, ipywidgets or IPython.
"""
