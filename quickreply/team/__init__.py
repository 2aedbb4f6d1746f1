"""Team mode: one shop's agents share phrase packs and usage figures through a PostgreSQL server."""
