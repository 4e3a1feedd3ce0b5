"""The Storage health window: findings and usage tabs over core.health's scan."""
