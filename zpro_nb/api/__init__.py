"""Thin async clients per resource: build the request, send it through ``_core``, return records or models.

``pro`` talks to the ZenML Pro management API, ``workspace`` to one workspace's API (the ZenML OSS
server API, under ``{server_url}/api/v1``). Lists return the JSON records (frames lay them out);
single objects come back as models.
"""
