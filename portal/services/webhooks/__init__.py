"""Signed webhooks (Standard Webhooks): `endpoints` (HR registers, rotates, disables),
`events` (queued in the transaction of the change), `delivery` (claimed, signed, sent, retried),
`signing` (secrets and signatures) and `targets` (resolving and checking where a URL points)."""
