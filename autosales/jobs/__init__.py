"""Background jobs: what they compute (tasks), how they are run (runner, queue), their status."""
