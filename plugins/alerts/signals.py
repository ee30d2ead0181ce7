"""Receivers of the host's extension points."""
