"""Flask-WTF forms, one module per audience: field syntax only; the rules live in the domain."""
