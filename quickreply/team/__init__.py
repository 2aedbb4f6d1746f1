"""Team mode: the shop's shared layer on a PostgreSQL server; solo use never imports this package."""
