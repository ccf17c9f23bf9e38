"""Sales data: entry, import, export, and the SQL aggregates analyses start from."""
