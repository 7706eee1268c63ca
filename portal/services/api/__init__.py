"""The JSON API's use cases: tokens, the call log, and the reads behind each resource."""
