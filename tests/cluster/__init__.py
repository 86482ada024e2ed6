"""Two app nodes and two workers on one PostgreSQL and one Redis (issue 15.3)."""
