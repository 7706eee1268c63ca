"""Provisioning through SCIM 2.0 (RFC 7643, RFC 7644): one module per job.

`schema` says what the portal publishes, `mapping` turns a person into a SCIM user and back,
`queries` reads and filters in SQL, `writes` creates, changes and deactivates people, `tokens`
keeps the bearer tokens, and `server` joins them to scim2-server's protocol handling.
"""
