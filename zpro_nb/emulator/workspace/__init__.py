"""The emulated API of each workspace (ZenML OSS shapes): accounts, runs, lineage, sign-in."""
