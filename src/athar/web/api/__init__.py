"""The REST API's shared plumbing: one error envelope, capability permissions, and the URL helper
that lets Django REST framework (not the login page) authenticate API requests.

Each app keeps its endpoints in its own `api.py` and lists its URL patterns in `athar.web.api.urls`.
The OpenAPI schema is served at /api/schema/ (drf-spectacular)."""
