"""The plugin API: the one door between the host and its plugins.

Plugins and the host reach each other only through this package (see
plugins/README.md). Modules: ``codes`` (the participant-code normaliser),
``disclosure`` (the one rule for every figure that leaves the building).
"""
