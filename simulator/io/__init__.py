"""Files in and out: strict YAML, directory and scenario files, JSON Schemas."""
