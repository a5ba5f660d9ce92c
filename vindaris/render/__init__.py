"""Turning computed results into text: findings, status views, weekly pages."""
