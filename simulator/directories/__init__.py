"""Membership profiles of real POC networks and fictitious directory generation."""
