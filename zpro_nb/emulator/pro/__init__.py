"""The emulated ZenML Pro management API: organizations, workspaces, people, roles, sign-in."""
